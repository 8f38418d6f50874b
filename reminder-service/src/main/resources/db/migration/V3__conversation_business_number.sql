-- The business number (Meta's phone_number_id, Twilio's sender address) the customer's newest message was sent to:
-- the reminder goes from it (OutboundRequest.businessNumberId). Null for conversations recorded before: the channel's
-- first number. Nullable, no default: adding it rewrites no row.
alter table conversation add column business_number_id text;
