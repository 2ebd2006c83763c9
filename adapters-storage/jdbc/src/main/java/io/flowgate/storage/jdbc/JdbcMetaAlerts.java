package io.flowgate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.MetaAlertStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Meta's flow alerts over JDBC (tables of V4__meta_alerts.sql), in SQL SQLite and PostgreSQL both run. An
 * event is written to the history, the history pruned to its bound, and the latest of its kind upserted, in one
 * transaction; the upsert keeps a later event that arrived first (Meta does not promise the order).
 */
final class JdbcMetaAlerts implements MetaAlertStore {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String COLUMNS =
            "id, meta_flow_id, event, alert_state, new_status, message, occurred_at, received_at, values_json";
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, received_at DESC, id DESC";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String description;

    JdbcMetaAlerts(DataSource dataSource, ObjectMapper json, String description) {
        this.dataSource = dataSource;
        this.json = json;
        this.description = description;
    }

    @Override
    public void record(ReceivedMetaAlert alert) {
        String values = write(alert.values());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO meta_alerts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(insert, alert, values);
                    insert.executeUpdate();
                }
                try (PreparedStatement prune = connection.prepareStatement("DELETE FROM meta_alerts WHERE meta_flow_id = ?"
                        + " AND id NOT IN (SELECT id FROM meta_alerts WHERE meta_flow_id = ?" + NEWEST_FIRST + " LIMIT ?)")) {
                    prune.setString(1, alert.metaFlowId());
                    prune.setString(2, alert.metaFlowId());
                    prune.setInt(3, HISTORY_LIMIT);
                    prune.executeUpdate();
                }
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO meta_alert_latest (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meta_flow_id, event) DO UPDATE SET"
                        + " id = excluded.id, alert_state = excluded.alert_state, new_status = excluded.new_status,"
                        + " message = excluded.message, occurred_at = excluded.occurred_at,"
                        + " received_at = excluded.received_at, values_json = excluded.values_json"
                        + " WHERE excluded.occurred_at >= meta_alert_latest.occurred_at")) {
                    bind(upsert, alert, values);
                    upsert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("storing a Meta alert", e);
        }
    }

    private static void bind(PreparedStatement statement, ReceivedMetaAlert alert, String values) throws SQLException {
        statement.setString(1, alert.id());
        statement.setString(2, alert.metaFlowId());
        statement.setString(3, alert.event());
        statement.setString(4, alert.alertState());
        statement.setString(5, alert.newStatus());
        statement.setString(6, alert.message());
        statement.setLong(7, alert.occurredAt().toEpochMilli());
        statement.setLong(8, alert.receivedAt().toEpochMilli());
        statement.setString(9, values);
    }

    @Override
    public List<ReceivedMetaAlert> latest(String metaFlowId) {
        return query("SELECT " + COLUMNS + " FROM meta_alert_latest WHERE meta_flow_id = ? ORDER BY event",
                metaFlowId, Integer.MAX_VALUE);
    }

    @Override
    public List<ReceivedMetaAlert> history(String metaFlowId, int limit) {
        return query("SELECT " + COLUMNS + " FROM meta_alerts WHERE meta_flow_id = ?" + NEWEST_FIRST + " LIMIT ?",
                metaFlowId, limit);
    }

    private List<ReceivedMetaAlert> query(String sql, String metaFlowId, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, metaFlowId);
            if (sql.endsWith("LIMIT ?")) {
                statement.setInt(2, limit);
            }
            List<ReceivedMetaAlert> alerts = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    alerts.add(new ReceivedMetaAlert(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), Instant.ofEpochMilli(row.getLong(7)),
                            Instant.ofEpochMilli(row.getLong(8)), read(row.getString(9))));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw failure("reading Meta alerts", e);
        }
    }

    private String write(Map<String, Object> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a Meta alert's values must be plain JSON values", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored Meta alert is not valid JSON", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("storage (" + description + ") failed " + what + ": " + e.getMessage(), e);
    }
}
