-- What reminder-service knows of each conversation (channel + customer), and what it already decided per window.
-- A window is identified by the WhatsApp timestamp of the customer message that opened it (last_message_at).
create table conversation (
    -- Keys.conversation(channel, customer): also the timer's task_instance in scheduled_tasks
    conversation_key  text primary key,
    channel_id        text        not null,
    customer_id       text        not null,
    wa_id             text,
    user_id           text,
    customer_name     text,
    -- the newest customer message, by WhatsApp's timestamp (event time): only ever moves forward
    last_message_id   text,
    last_message_at   timestamptz,
    -- from tickets.events.v1; *_changed_at is the event time of the event applied last (older events are ignored)
    ticket_id         text,
    ticket_open       boolean     not null default false,
    ticket_changed_at timestamptz,
    opted_out         boolean     not null default false,
    opt_changed_at    timestamptz,
    -- the window (its last_message_at) whose reminder was decided, and how: at most one decision per window
    reminder_for      timestamptz,
    reminder_outcome  text,
    -- the window whose close was handled, and how (announced, or silent when it closed too long ago)
    closed_for        timestamptz,
    close_outcome     text,
    updated_at        timestamptz not null default now()
) with (fillfactor = 80); -- room on each page, so that a decision's update stays on its page (HOT)

create index conversation_by_customer on conversation (channel_id, customer_id);

-- db-scheduler's table (its PostgreSQL schema for version 16): one row per conversation with a timer to come.
-- Every pick and every reschedule writes a new row version into each index: the priority index is left out
-- (priorities are not enabled). The others are db-scheduler's own (its queries bind picked as a parameter, so partial
-- indexes would not be used reliably).
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
) with (fillfactor = 80);

create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
