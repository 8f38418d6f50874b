-- The customer's other ids (a BSUID, a new number) that records may be keyed by, and the conversation they belong to:
-- ticket-service names them on tickets.events.v1 (TicketEvent.customerKey: the conversation's id, which never
-- changes; aliases: the other ids; CUSTOMER_MERGED when two identities turn out to be one customer). A message keyed
-- by an alias is recorded on that conversation, so one customer has one window, one reminder and one close.
create table customer_alias (
    -- Keys.conversation(channel, alias)
    alias_key        text primary key,
    -- Keys.conversation(channel, customerKey): a conversation_key of conversation (perhaps not recorded yet)
    conversation_key text        not null,
    -- occurredAt of the ticket event that said so: an older one never moves an alias back (replays, late events)
    learned_at       timestamptz not null
);

create index customer_alias_by_conversation on customer_alias (conversation_key);
