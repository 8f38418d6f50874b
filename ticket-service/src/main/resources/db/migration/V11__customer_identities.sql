-- One customer, several identities (issue 19): a conversation is found by any of the customer's wa_ids, BSUIDs and
-- parent BSUIDs on its channel (identities are scoped to the channel, never global). conversation.customer_id, the
-- id the conversation was created with, never changes.
create table customer_identity (
    channel_id    text        not null,
    kind          text        not null check (kind in ('wa_id', 'user_id', 'parent_user_id')),
    value         text        not null,
    customer_id   text        not null,
    first_seen_at timestamptz not null,
    -- replaced by a user_changed_number / user_changed_user_id: resolves for no new message (numbers are recycled)
    retired_at    timestamptz,
    primary key (channel_id, kind, value),
    foreign key (channel_id, customer_id) references conversation
);
create index customer_identity_by_customer on customer_identity (channel_id, customer_id);
-- GET /api/tickets?customer=<any id> looks ids up on every channel
create index customer_identity_by_value on customer_identity (value);

-- A conversation merged into an older one of the same customer: its row stays so that its key keeps resolving.
alter table conversation add column merged_into text;

-- Customer search (GET /api/customers): number prefix, name and username prefix.
create index conversation_wa_prefix on conversation (channel_id, wa_id text_pattern_ops);
create index conversation_name_prefix on conversation (lower(name) text_pattern_ops);
create index conversation_username_prefix on conversation (lower(username) text_pattern_ops);

-- Backfill: every id of every conversation, each to the oldest conversation that has it.
insert into customer_identity (channel_id, kind, value, customer_id, first_seen_at)
select distinct on (channel_id, kind, value) channel_id, kind, value, customer_id, created_at
from (select channel_id, 'wa_id' as kind, wa_id as value, customer_id, created_at from conversation
      where wa_id is not null
      union all
      select channel_id, 'user_id', user_id, customer_id, created_at from conversation where user_id is not null
      union all
      select channel_id, 'parent_user_id', parent_user_id, customer_id, created_at from conversation
      where parent_user_id is not null) ids
order by channel_id, kind, value, created_at, customer_id;

-- Before this migration a customer who first wrote BSUID-only and later with number and BSUID got two conversations
-- sharing the BSUID. Each younger one is merged into the oldest that holds one of its ids, as a live merge does
-- (InboundBatchPlan): tickets re-pointed, the younger open tickets closed with a note, window, welcome and opt-outs
-- combined. (No CUSTOMER_MERGED is published for these: the survivor's next ticket event carries its aliases.)
create temporary table identity_merge on commit drop as
select distinct on (c.channel_id, c.customer_id) c.channel_id, c.customer_id as loser, s.customer_id as survivor
from conversation c
join customer_identity i on i.channel_id = c.channel_id and i.customer_id <> c.customer_id
    and ((i.kind = 'wa_id' and i.value = c.wa_id) or (i.kind = 'user_id' and i.value = c.user_id)
         or (i.kind = 'parent_user_id' and i.value = c.parent_user_id))
join conversation s on s.channel_id = i.channel_id and s.customer_id = i.customer_id
order by c.channel_id, c.customer_id, s.created_at, s.customer_id;
-- a survivor that is itself merged: into its own survivor
update identity_merge m set survivor = n.survivor
from identity_merge n where n.channel_id = m.channel_id and n.loser = m.survivor;

-- one open ticket per customer: the oldest open one of the group stays open
with member as (select channel_id, survivor, survivor as customer_id from identity_merge
                union select channel_id, survivor, loser from identity_merge),
     open_ticket as (select t.id, min(t.id) over (partition by m.channel_id, m.survivor) as kept
                     from member m join ticket t on t.channel_id = m.channel_id and t.customer_id = m.customer_id
                     where t.state = 'open'),
     closed as (update ticket t set state = 'closed', updated_at = now()
                from open_ticket o where t.id = o.id and o.id <> o.kept returning t.id, o.kept)
insert into ticket_note (ticket_id, agent_id, author, text, created_at)
select id, null, 'switchboard', 'Merged into #' || kept || ': the same customer wrote with another identity.', now()
from closed;

update conversation s set
    wa_id = coalesce(s.wa_id, g.wa_id),
    user_id = coalesce(s.user_id, g.user_id),
    parent_user_id = coalesce(s.parent_user_id, g.parent_user_id),
    username = coalesce(s.username, g.username),
    name = coalesce(s.name, g.name),
    last_customer_message_at = greatest(s.last_customer_message_at, g.last_customer_message_at),
    welcomed = s.welcomed or g.welcomed
from (select m.channel_id, m.survivor, max(c.wa_id) as wa_id, max(c.user_id) as user_id,
             max(c.parent_user_id) as parent_user_id, max(c.username) as username, max(c.name) as name,
             max(c.last_customer_message_at) as last_customer_message_at, bool_or(c.welcomed) as welcomed
      from identity_merge m join conversation c on c.channel_id = m.channel_id and c.customer_id = m.loser
      group by m.channel_id, m.survivor) g
where s.channel_id = g.channel_id and s.customer_id = g.survivor;

-- opt-outs: the newest change of the group wins
update conversation s set opted_out = n.opted_out, opted_changed_at = n.opted_changed_at
from (select distinct on (m.channel_id, m.survivor) m.channel_id, m.survivor, c.opted_out, c.opted_changed_at
      from identity_merge m join conversation c on c.channel_id = m.channel_id and c.customer_id = m.loser
      where c.opted_changed_at is not null
      order by m.channel_id, m.survivor, c.opted_changed_at desc) n
where s.channel_id = n.channel_id and s.customer_id = n.survivor
  and (s.opted_changed_at is null or s.opted_changed_at < n.opted_changed_at);
update conversation s set marketing_opted_out = n.marketing_opted_out, marketing_changed_at = n.marketing_changed_at
from (select distinct on (m.channel_id, m.survivor) m.channel_id, m.survivor, c.marketing_opted_out,
             c.marketing_changed_at
      from identity_merge m join conversation c on c.channel_id = m.channel_id and c.customer_id = m.loser
      where c.marketing_changed_at is not null
      order by m.channel_id, m.survivor, c.marketing_changed_at desc) n
where s.channel_id = n.channel_id and s.customer_id = n.survivor
  and (s.marketing_changed_at is null or s.marketing_changed_at < n.marketing_changed_at);

update ticket t set customer_id = m.survivor
from identity_merge m where t.channel_id = m.channel_id and t.customer_id = m.loser;
update customer_identity i set customer_id = m.survivor
from identity_merge m where i.channel_id = m.channel_id and i.customer_id = m.loser;
update conversation c set merged_into = m.survivor
from identity_merge m where c.channel_id = m.channel_id and c.customer_id = m.loser;
