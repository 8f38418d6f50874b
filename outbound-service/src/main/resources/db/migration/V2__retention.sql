-- Finished requests are deleted once older than switchboard.outbound.retention.keep-done (Retention). A BRIN index
-- finds them by age for almost nothing per write: created_at follows the table's physical order closely.
create index send_request_created on send_request using brin (created_at);
