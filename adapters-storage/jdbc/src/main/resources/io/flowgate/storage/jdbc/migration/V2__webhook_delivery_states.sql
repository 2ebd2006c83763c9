-- Delivery states for the webhook inbox: pending, delivered, or failed (a dead letter after the last attempt).
-- Portable SQL, as V1. lease_until keeps its column name but now means "not claimable before": the end of the
-- running attempt's lease, or of the backoff after a failed attempt.

ALTER TABLE webhook_events ADD COLUMN state VARCHAR(16) NOT NULL DEFAULT 'pending';
ALTER TABLE webhook_events ADD COLUMN flow_id VARCHAR(64);
ALTER TABLE webhook_events ADD COLUMN last_error_type VARCHAR(200);
ALTER TABLE webhook_events ADD COLUMN last_error_message TEXT;
ALTER TABLE webhook_events ADD COLUMN last_attempt_at BIGINT;
ALTER TABLE webhook_events ADD COLUMN failed_at BIGINT;

-- Before V2 an event was delivered once delivered_at was set, including those given up after 10 attempts.
UPDATE webhook_events SET state = 'delivered' WHERE delivered_at IS NOT NULL;

DROP INDEX webhook_events_pending;
CREATE INDEX webhook_events_due ON webhook_events (state, lease_until);
CREATE INDEX webhook_events_by_state ON webhook_events (state, received_at, message_id);
