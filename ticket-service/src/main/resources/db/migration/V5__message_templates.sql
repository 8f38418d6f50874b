-- The template catalogue of each channel, as its provider last listed it (package template): Meta's
-- message_templates of the channel's WABA, 360dialog's /v1/configs/templates, or Twilio's Content API templates.
-- A sync replaces a channel's rows; TEMPLATE_STATUS account events change a row's status in between.
create table message_template (
    channel_id       text        not null,
    -- Meta's message_template_id; Twilio's Content SID (HX…); 360dialog: its id, else name:language
    template_id      text        not null,
    -- meta, dialog360 or twilio: how components and variables are read
    source           text        not null,
    -- Meta's name; Twilio's friendly_name (or its WhatsApp approval name)
    name             text        not null,
    -- en_US, de, …; '' when the provider gives none
    language         text        not null,
    category         text,
    -- APPROVED, PENDING, REJECTED, PAUSED, DISABLED, … (upper case; Twilio's statuses upper-cased)
    status           text        not null,
    -- why it was rejected, paused or disabled
    reason           text,
    -- POSITIONAL or NAMED (Meta's parameter_format); null: positional
    parameter_format text,
    -- the components as the provider gives them (Meta: the array; Twilio: the content's types object)
    components       jsonb       not null default '[]',
    -- Twilio's variables ({"1": "example", …}); null for Meta and 360dialog
    variables        jsonb,
    synced_at        timestamptz not null,
    primary key (channel_id, template_id)
);
create index message_template_by_name on message_template (channel_id, name, language);
