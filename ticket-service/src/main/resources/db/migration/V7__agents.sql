-- The people who work the inbox (issue 17). Agents see the tickets of their groups; admins see every ticket and
-- manage agents, groups and channels.
create table agent (
    id            bigint generated always as identity primary key,
    -- lower-cased; what an agent types at the login page, and what events and articles name them by
    login         text        not null unique,
    name          text        not null,
    email         text,
    -- a DelegatingPasswordEncoder string ("{argon2}…", "{bcrypt}…"); null: single sign-on only. Never returned.
    password_hash text,
    role          text        not null check (role in ('agent', 'admin')),
    enabled       boolean     not null default true,
    -- brute-force protection, kept here so that every replica sees the same count
    failed_logins integer     not null default 0,
    locked_until  timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

-- Groups a ticket can be in (a channel's `group`) that admins created or described; a channel's group needs no row.
create table helpdesk_group (
    name        text        primary key,
    description text,
    created_at  timestamptz not null
);

create table agent_group (
    agent_id   bigint not null references agent on delete cascade,
    group_name text   not null,
    primary key (agent_id, group_name)
);
create index agent_group_by_group on agent_group (group_name);

-- Per-agent API tokens for integrations: only the token's SHA-256 is kept, the token itself is shown once.
create table agent_token (
    id           bigint generated always as identity primary key,
    agent_id     bigint      not null references agent on delete cascade,
    name         text        not null,
    token_sha256 bytea       not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
