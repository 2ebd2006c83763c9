package io.flowgate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.domain.Abandonment;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.JourneyStep;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Journey} sits in the {@code flow_sessions} row (migration V3): the steps and the screens reached as
 * one JSON text, and the fields the funnel and the abandonment scan select on as columns of their own.
 */
final class JourneyColumns {

    /** Written by every step (in this order, after the session's own columns). */
    static final String WRITTEN = "journey_json, current_screen, started_at, last_step_at, return_count";
    /** Read with every session. */
    static final String READ = WRITTEN + ", abandoned_at, abandoned_screen, abandon_state, abandon_attempts,"
            + " abandon_error_type, abandon_error_message";
    /** {@code SET} clause of {@link #WRITTEN}, for the step's update. */
    static final String ASSIGNED = "journey_json = ?, current_screen = ?, started_at = ?, last_step_at = ?, return_count = ?";
    static final int WRITTEN_COUNT = 5;

    private final ObjectMapper json;

    JourneyColumns(ObjectMapper json) {
        this.json = json;
    }

    /** Binds {@link #WRITTEN} from parameter {@code first} on. */
    void bind(PreparedStatement statement, int first, Journey journey) throws SQLException {
        statement.setString(first, write(journey));
        statement.setString(first + 1, journey.currentScreen());
        setInstant(statement, first + 2, journey.startedAt());
        setInstant(statement, first + 3, journey.lastStepAt());
        statement.setInt(first + 4, journey.returns());
    }

    /** Reads {@link #READ} from column {@code first} on. */
    Journey read(ResultSet row, int first) throws SQLException {
        String text = row.getString(first);
        List<JourneyStep> steps = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        if (text != null) {
            JsonNode tree = parse(text);
            for (JsonNode step : tree.path("steps")) {
                steps.add(new JourneyStep(step.path("action").asText(), step.path("from").asText(),
                        step.path("to").asText(), step.path("status").asInt(), Instant.ofEpochMilli(step.path("at").asLong())));
            }
            for (JsonNode screen : tree.path("reached")) {
                reached.add(screen.asText());
            }
        }
        String current = Objects.requireNonNullElse(row.getString(first + 1), "");
        Optional<Instant> startedAt = instant(row, first + 2);
        Optional<Instant> lastStepAt = instant(row, first + 3);
        int returns = row.getInt(first + 4);
        Optional<Instant> abandonedAt = instant(row, first + 5);
        String screen = row.getString(first + 6);
        Optional<DeliveryState> state = Optional.ofNullable(row.getString(first + 7)).flatMap(DeliveryState::fromCode);
        int attempts = row.getInt(first + 8);
        String errorType = row.getString(first + 9);
        Optional<DeliveryError> error = errorType == null ? Optional.empty()
                : Optional.of(new DeliveryError(errorType, Objects.requireNonNullElse(row.getString(first + 10), "")));
        Optional<Abandonment> abandonment = abandonedAt.isPresent() && state.isPresent()
                ? Optional.of(new Abandonment(abandonedAt.get(), screen, state.get(), attempts, error))
                : Optional.empty();
        return new Journey(steps, reached, current, startedAt, lastStepAt, returns, abandonment);
    }

    private String write(Journey journey) {
        ObjectNode tree = json.createObjectNode();
        ArrayNode steps = tree.putArray("steps");
        for (JourneyStep step : journey.steps()) {
            steps.addObject().put("action", step.action()).put("from", step.fromScreen()).put("to", step.toScreen())
                    .put("status", step.status()).put("at", step.at().toEpochMilli());
        }
        ArrayNode reached = tree.putArray("reached");
        journey.reached().forEach(reached::add);
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journey could not be written", e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored journey is not valid JSON", e);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Optional<Instant> at) throws SQLException {
        if (at.isPresent()) {
            statement.setLong(index, at.get().toEpochMilli());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
