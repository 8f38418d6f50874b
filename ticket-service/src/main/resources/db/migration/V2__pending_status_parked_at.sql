-- When a receipt was parked, so that receipts nobody claims (statuses of reminders, or of messages sent outside
-- Switchboard) are deleted after switchboard.receipts.keep-unmatched. Not status_at: a replay parks receipts
-- whose status_at is old, and the result that claims them may come minutes later in the same replay.
alter table pending_status add column parked_at timestamptz not null default now();
create index pending_status_parked on pending_status (parked_at);
