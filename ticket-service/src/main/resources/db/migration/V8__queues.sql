-- Queues (issue 17): who a ticket is assigned to, who wrote each outbound article, internal notes, what each agent
-- has seen of a ticket (unread counts) and canned responses.
alter table ticket add column assignee_id bigint references agent;
create index ticket_by_assignee on ticket (assignee_id) where assignee_id is not null;
create index ticket_by_group on ticket (group_name, updated_at desc, id desc);

-- The agent who wrote an outbound article (null: a static token, or no agent: welcome messages, echoes, reminders)
-- and their login, so that an article written with a static token is named too ("api").
alter table article add column agent_id bigint references agent;
alter table article add column author text;

-- Notes agents leave on a ticket for each other; never sent to WhatsApp.
create table ticket_note (
    id         bigint generated always as identity primary key,
    ticket_id  bigint      not null references ticket,
    agent_id   bigint references agent,
    author     text        not null,
    text       text        not null,
    created_at timestamptz not null
);
create index ticket_note_by_ticket on ticket_note (ticket_id, id);

-- The newest article an agent has seen of a ticket: inbound articles after it are unread for that agent.
create table ticket_seen (
    agent_id        bigint not null references agent on delete cascade,
    ticket_id       bigint not null references ticket,
    last_article_id bigint not null,
    primary key (agent_id, ticket_id)
);

-- Answers agents reuse, with placeholders ({{customer.name|there}}); a null group is for every group.
create table canned_response (
    id         bigint generated always as identity primary key,
    name       text        not null,
    text       text        not null,
    group_name text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index canned_response_name_per_group on canned_response (coalesce(group_name, ''), name);
