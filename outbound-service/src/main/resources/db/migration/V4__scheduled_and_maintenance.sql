-- A request's own notBefore (OutboundRequest.notBefore, e.g. ticket-service's retry of a message Meta's per-user
-- marketing limit refused, 12 h later) when it was in the future on arrival: until then the request is not in its
-- recipient's line, so it holds back none of the recipient's other messages (agent replies go on).
alter table send_request add column scheduled_for timestamptz;
-- The request's first 131057 (the account in maintenance, e.g. a throughput upgrade): it waits those out without
-- counting attempts, for at most switchboard.outbound.maintenance-max-wait from this moment.
alter table send_request add column maintenance_since timestamptz;
