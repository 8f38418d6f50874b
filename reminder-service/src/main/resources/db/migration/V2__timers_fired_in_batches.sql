-- Timers are fired in batches by the service itself (README.md, "How firing works"), no longer by db-scheduler: a
-- batch claims its timers by locking their rows (FOR UPDATE SKIP LOCKED) for the transaction that fires them, so
-- picked, picked_by and last_heartbeat are no longer written. Release what db-scheduler's replicas left picked (they
-- must all be stopped before this version starts), and drop the index nothing reads any more: each move of a timer
-- no longer writes it.
update scheduled_tasks set picked = false, picked_by = null, last_heartbeat = null where picked;
drop index last_heartbeat_idx;
