-- What media-service made of an inbound message's file (whatsapp.media.events.v1): stored in the object store, or
-- failed with a reason. Keyed like the article it belongs to, not by article id: the event may come before the
-- article exists. A stored file is never replaced by a later failure; a redelivery or replay changes nothing.
create table media_outcome (
    channel_id     text        not null,
    -- the inbound message (wamid, or Twilio's <MessageSid>/<k>)
    message_id     text        not null,
    media_index    integer     not null default 0,
    status         text        not null check (status in ('stored', 'failed')),
    -- stored: the file in the object store (sha256 lower-case hex, the store's content address)
    sha256         text,
    size           bigint,
    mime_type      text,
    filename       text,
    -- failed: MediaFailure in lower case (expired, hash_mismatch, too_large, …) and what went wrong
    failure        text,
    failure_detail text,
    occurred_at    timestamptz not null,
    primary key (channel_id, message_id, media_index),
    check (status <> 'stored' or (sha256 is not null and size is not null))
);
