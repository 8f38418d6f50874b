-- Every request ever received, by its idempotency key. A request id found here is never sent again, whatever is
-- redelivered or replayed: keep rows at least as long as the requests topic keeps records.
create table send_request (
    request_id       text        primary key,
    seq              bigint      generated always as identity,
    channel_id       text        not null,
    -- the customer's wa_id or BSUID: one recipient's messages leave in order, one at a time
    recipient_id     text        not null,
    -- 0 = conversation traffic (agent replies, welcome, read receipts), 1 = bulk (reminders, notifications):
    -- bulk never holds up a conversation
    priority         smallint    not null,
    business_initiated boolean   not null,
    -- the OutboundRequest as received (Avro single-object encoding)
    request          bytea       not null,
    state            text        not null check (state in ('queued', 'done')),
    attempts         integer     not null default 0,
    -- not to be tried before (backoff after a rate limit, tier quota wait)
    not_before       timestamptz not null,
    -- the first attempt must happen before this, or the request fails (quota wait limit, notAfter)
    deadline         timestamptz,
    last_error       text,
    -- the OutboundResult once done, and whether Kafka has it (relayed like an outbox)
    result           bytea,
    result_published boolean     not null default false,
    created_at       timestamptz not null,
    done_at          timestamptz
);
create index send_request_ready on send_request (channel_id, priority, seq) where state = 'queued';
create index send_request_line on send_request (channel_id, recipient_id, seq) where state = 'queued';
create index send_request_unpublished on send_request (seq) where state = 'done' and not result_published;

-- Business-initiated sends per recipient, for the messaging tier: unique recipients in a rolling 24 hours.
create table tier_contact (
    channel_id   text        not null,
    recipient_id text        not null,
    last_sent_at timestamptz not null,
    primary key (channel_id, recipient_id)
);
create index tier_contact_window on tier_contact (channel_id, last_sent_at);
