-- The channel registry (the admin API, README "Channel registry"): every channel onboarded at runtime, as the
-- ChannelConfig last published on switchboard.channels.v1, secrets sealed with the operator's channel key.
create table channel (
    id         text primary key,
    provider   text        not null,
    enabled    boolean     not null,
    revision   bigint      not null,
    -- The encoded ChannelConfig (schemas' binary encoding): nothing in it is a secret in clear text.
    config     bytea       not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    -- The last health check, whether or not it changed anything (a change bumps the revision).
    checked_at timestamptz
);

-- Each number (Meta/360dialog phone_number_id, Twilio's whatsapp:+… sender) belongs to one channel at most.
create table channel_number (
    number_id  text primary key,
    channel_id text not null references channel (id) on delete cascade
);

-- A channel is removed from the compacted channels topic by a tombstone: an outbox row without a payload.
alter table outbox alter column payload drop not null;
