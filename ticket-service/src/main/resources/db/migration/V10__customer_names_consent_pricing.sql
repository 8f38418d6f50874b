-- Columns shared by Meta's 2026 changes (issue 19). The identity table comes in V11.

-- The customer's WhatsApp username and parent BSUID (managed accounts), as the newest message named them.
alter table conversation
    add column username             text,
    add column parent_user_id       text,
    -- marketing consent, separate from opted_out (STOP/START): WhatsApp's user_preferences webhook, or 131050
    add column marketing_opted_out  boolean not null default false,
    -- when it last changed, by the provider's own timestamp (a replayed or late older change never wins)
    add column marketing_changed_at timestamptz;

-- What Meta said it charges for an outbound message: the first status that carried a pricing object.
alter table article
    add column billable         boolean,
    add column pricing_model    text,
    add column pricing_category text,
    add column pricing_type     text,
    -- the time of that status: billable messages are counted per day of this
    add column priced_at        timestamptz;

create index article_billable_by_day on article (channel_id, priced_at) where billable;
