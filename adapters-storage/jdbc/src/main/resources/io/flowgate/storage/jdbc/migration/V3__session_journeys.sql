-- The journey of each session (issue 14): its path and where it stands, written by the step's own update, and
-- the abandonment hook's claim. Portable SQL, as V1; one column per statement, which SQLite requires.
-- journey_json holds the last 100 steps (action, screens, status, time) and the screens reached: never values.

ALTER TABLE flow_sessions ADD COLUMN journey_json TEXT;
ALTER TABLE flow_sessions ADD COLUMN current_screen VARCHAR(200);
ALTER TABLE flow_sessions ADD COLUMN started_at BIGINT;
ALTER TABLE flow_sessions ADD COLUMN last_step_at BIGINT;
ALTER TABLE flow_sessions ADD COLUMN return_count INTEGER NOT NULL DEFAULT 0;

-- The latest abandonment claim: when and where, and its hook's delivery (pending, delivered, failed), leased
-- like webhook events: abandon_due_at is "not claimable before" (the lease's end, or a backoff's).
ALTER TABLE flow_sessions ADD COLUMN abandoned_at BIGINT;
ALTER TABLE flow_sessions ADD COLUMN abandoned_screen VARCHAR(200);
ALTER TABLE flow_sessions ADD COLUMN abandon_state VARCHAR(16);
ALTER TABLE flow_sessions ADD COLUMN abandon_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flow_sessions ADD COLUMN abandon_owner VARCHAR(128);
ALTER TABLE flow_sessions ADD COLUMN abandon_due_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE flow_sessions ADD COLUMN abandon_error_type VARCHAR(200);
ALTER TABLE flow_sessions ADD COLUMN abandon_error_message TEXT;

CREATE INDEX flow_sessions_by_flow_start ON flow_sessions (flow_id, started_at);
CREATE INDEX flow_sessions_by_last_step ON flow_sessions (last_step_at);
CREATE INDEX flow_sessions_abandon_due ON flow_sessions (abandon_state, abandon_due_at);
