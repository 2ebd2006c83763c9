-- Portable SQL: the same migration runs on SQLite and PostgreSQL. Instants are epoch milliseconds.

CREATE TABLE flow_sessions (
    token        VARCHAR(200) PRIMARY KEY,
    flow_id      VARCHAR(64)  NOT NULL,
    wa_id        VARCHAR(32)  NOT NULL,
    context_json TEXT         NOT NULL,
    data_json    TEXT         NOT NULL,
    version      BIGINT       NOT NULL,
    issued_at    BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    completed_at BIGINT,
    message_id   VARCHAR(256)
);

CREATE INDEX flow_sessions_by_message_id ON flow_sessions (message_id);
CREATE INDEX flow_sessions_by_expiry ON flow_sessions (expires_at);

CREATE TABLE webhook_events (
    message_id   VARCHAR(256) PRIMARY KEY,
    payload      TEXT         NOT NULL,
    received_at  BIGINT       NOT NULL,
    attempts     INTEGER      NOT NULL,
    lease_owner  VARCHAR(128),
    lease_until  BIGINT       NOT NULL,
    delivered_at BIGINT
);

CREATE INDEX webhook_events_pending ON webhook_events (delivered_at, lease_until);
