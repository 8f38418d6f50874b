-- A receipt's pricing that came before the send result named its article (the webhook overtook the result): kept
-- until that result claims it, like pending_status, so that a message priced early is still counted. The first
-- receipt with pricing wins (as on article); cleaned up with pending_status after switchboard.receipts.keep-unmatched.
create table pending_pricing (
    channel_id       text        not null,
    message_id       text        not null,
    billable         boolean,
    pricing_model    text,
    pricing_category text,
    pricing_type     text,
    priced_at        timestamptz not null,
    parked_at        timestamptz not null default now(),
    primary key (channel_id, message_id)
);
create index pending_pricing_parked on pending_pricing (parked_at);
