-- A conversation is one customer on one channel: what WhatsApp's 24-hour window, opt-out and the welcome
-- message are about. Tickets come and go within it.
create table conversation (
    channel_id               text        not null,
    -- the customer's wa_id, or the business-scoped user id when WhatsApp sends no wa_id (Keys.customerId)
    customer_id              text        not null,
    wa_id                    text,
    user_id                  text,
    name                     text,
    -- WhatsApp's timestamp of the newest customer message: the window runs from here
    last_customer_message_at timestamptz,
    opted_out                boolean     not null default false,
    -- when the opt-out flag last changed, by the customer message's own timestamp (replays keep the newest)
    opted_changed_at         timestamptz,
    welcomed                 boolean     not null default false,
    created_at               timestamptz not null,
    primary key (channel_id, customer_id)
);

create table ticket (
    id          bigint generated always as identity primary key,
    channel_id  text        not null,
    customer_id text        not null,
    state       text        not null check (state in ('open', 'closed')),
    group_name  text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    foreign key (channel_id, customer_id) references conversation
);
-- One open ticket per customer and channel.
create unique index ticket_one_open on ticket (channel_id, customer_id) where state = 'open';
create index ticket_by_customer on ticket (channel_id, customer_id, id desc);
create index ticket_by_activity on ticket (updated_at desc, id desc);

create table article (
    id            bigint generated always as identity primary key,
    ticket_id     bigint      not null references ticket,
    channel_id    text        not null,
    direction     text        not null check (direction in ('inbound', 'outbound')),
    type          text        not null,
    -- wamid or Twilio SID: inbound from the start, outbound once the provider accepted it
    message_id    text,
    -- outbound only: the request's idempotency key
    request_id    text unique,
    status        text        not null,
    text          text,
    -- the typed content as the agent API shows it (media, location, interactive, template, contacts, …)
    content       jsonb       not null default '{}',
    error_code    integer,
    error_title   text,
    error_message text,
    -- WhatsApp's timestamp of an inbound message
    sent_at       timestamptz,
    created_at    timestamptz not null,
    status_at     timestamptz,
    -- redeliveries and replays of a message find it here and change nothing
    unique (channel_id, message_id)
);
create index article_by_ticket on article (ticket_id, id);

-- A reaction lands on the article it reacts to; one current reaction per reactor (an empty emoji is a removal).
create table reaction (
    article_id bigint      not null references article,
    reactor    text        not null,
    emoji      text        not null,
    reacted_at timestamptz not null,
    primary key (article_id, reactor)
);

-- Receipts for outbound messages whose wamid is not known yet (the webhook overtook the send result).
create table pending_status (
    channel_id    text        not null,
    message_id    text        not null,
    status        text        not null,
    error_code    integer,
    error_title   text,
    error_message text,
    status_at     timestamptz not null,
    primary key (channel_id, message_id, status)
);

-- Records to publish, written in the same transaction as the state they describe, relayed to Kafka in order.
create table outbox (
    id         bigint generated always as identity primary key,
    topic      text        not null,
    record_key text        not null,
    payload    bytea       not null,
    created_at timestamptz not null default now()
);
