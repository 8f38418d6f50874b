-- Files uploaded to Meta (POST /{phone-number-id}/media), by channel and content. Meta keeps an upload 30 days: the
-- same file sent again within switchboard.outbound.media.reuse-uploads-for goes by the id it got (UploadedMedia).
create table media_upload (
    channel_id  text        not null,
    sha256      text        not null,
    media_id    text        not null,
    uploaded_at timestamptz not null,
    primary key (channel_id, sha256)
);
