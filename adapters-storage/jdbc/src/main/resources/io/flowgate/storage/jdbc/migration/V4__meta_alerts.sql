-- Meta's flows webhook events (alerts and status changes), shared by every instance: a bounded history per Meta
-- flow id (the store keeps the last 50) and the latest event of each kind, which is the flow's current state.
-- Portable SQL, as V1: the same migration runs on SQLite and PostgreSQL. Instants are epoch milliseconds.
-- TEXT throughout: the values are Meta's, and a longer one than expected must not make an insert fail.

CREATE TABLE meta_alerts (
    id           TEXT   PRIMARY KEY,
    meta_flow_id TEXT   NOT NULL,
    event        TEXT   NOT NULL,
    alert_state  TEXT   NOT NULL,
    new_status   TEXT   NOT NULL,
    message      TEXT   NOT NULL,
    occurred_at  BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    values_json  TEXT   NOT NULL
);

CREATE INDEX meta_alerts_by_flow ON meta_alerts (meta_flow_id, occurred_at, received_at);

CREATE TABLE meta_alert_latest (
    meta_flow_id TEXT   NOT NULL,
    event        TEXT   NOT NULL,
    id           TEXT   NOT NULL,
    alert_state  TEXT   NOT NULL,
    new_status   TEXT   NOT NULL,
    message      TEXT   NOT NULL,
    occurred_at  BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    values_json  TEXT   NOT NULL,
    PRIMARY KEY (meta_flow_id, event)
);
