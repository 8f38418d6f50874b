-- One row per inbound file to fetch (a message has at most one, media_index 0: Twilio's MediaUrl1..N arrive as
-- messages of their own). The row is the job while pending, then its outcome, then the outbox of its MediaEvent.
create table fetch_job (
    message_id        text        not null,
    media_index       int         not null,
    channel_id        text        not null,
    provider          text        not null,
    message_type      text        not null,
    -- Meta's media id, or Twilio's MediaUrl (for operators; the fetch reads the message)
    provider_media    text,
    -- the InboundMessage as it arrived (Avro single-object encoding): what the fetch and the event are made from
    message           bytea       not null,
    -- the MediaEvent's key: the conversation
    event_key         text        not null,
    state             text        not null default 'pending' check (state in ('pending', 'stored', 'failed')),
    -- pending: when it may be claimed; a claim moves it past the claim's lease, so that nobody else takes it
    -- while it is fetched, and a replica that dies mid-fetch leaves it due again when the lease ends
    due_at            timestamptz not null,
    claim_id          uuid,
    attempts          int         not null default 0,
    last_error        text,
    failure           text,
    created_at        timestamptz not null,
    finished_at       timestamptz,
    -- the MediaEvent (Avro), written with the outcome in the same statement; the relay publishes it
    event             bytea,
    published         boolean     not null default false,
    primary key (message_id, media_index)
);

-- the claim: due pending jobs, soonest first
create index fetch_job_due on fetch_job (due_at) where state = 'pending';
-- the relay: outcomes not on Kafka yet
create index fetch_job_unpublished on fetch_job (finished_at) where state <> 'pending' and not published;
-- retention: finished rows by age
create index fetch_job_finished on fetch_job (finished_at) where state <> 'pending';
