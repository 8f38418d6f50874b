-- The business number a customer's message was addressed to (InboundMessage.businessNumberId: Meta's
-- phone_number_id, Twilio's sender address), so that replies go out from the number the customer wrote to.
-- Inbound articles only; older articles have none (their replies go from the channel's first number).
alter table article add column business_number_id text;
