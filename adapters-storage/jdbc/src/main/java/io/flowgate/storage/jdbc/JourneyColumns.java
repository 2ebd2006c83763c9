package io.flowgate.storage.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.Abandonment;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.JourneyStep;

import java.io.IOException;
import java.io.StringWriter;
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
        bind(statement, first, written(journey));
    }

    /** The journey's columns with its JSON already written: for a statement bound on another thread. */
    record Written(String json, Journey journey) {
    }

    Written written(Journey journey) {
        return new Written(write(journey), journey);
    }

    void bind(PreparedStatement statement, int first, Written written) throws SQLException {
        Journey journey = written.journey();
        statement.setString(first, written.json());
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
            parse(text, steps, reached);
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

    /**
     * Streamed, not through a tree: the path (up to 100 steps) is written and read on every step, and the
     * tree's maps were a tenth of a strict-token INIT's CPU in a JFR profile of ./flowgate bench load.
     */
    private String write(Journey journey) {
        var out = new StringWriter(64 + 96 * journey.steps().size());
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("steps");
            for (JourneyStep step : journey.steps()) {
                generator.writeStartObject();
                generator.writeStringField("action", step.action());
                generator.writeStringField("from", step.fromScreen());
                generator.writeStringField("to", step.toScreen());
                generator.writeNumberField("status", step.status());
                generator.writeNumberField("at", step.at().toEpochMilli());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("reached");
            for (String screen : journey.reached()) {
                generator.writeString(screen);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a journey could not be written", e);
        }
        return out.toString();
    }

    /** Reads what {@link #write} wrote; fields may come in any order, and unknown ones are skipped. */
    private void parse(String text, List<JourneyStep> steps, List<String> reached) {
        try (JsonParser parser = json.getFactory().createParser(text)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("steps") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        steps.add(step(parser));
                    }
                } else if (field.equals("reached") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        reached.add(parser.getValueAsString(""));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a stored journey is not valid JSON", e);
        }
    }

    private static JourneyStep step(JsonParser parser) throws IOException {
        String action = "";
        String from = "";
        String to = "";
        int status = 0;
        long at = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "action" -> action = parser.getValueAsString("");
                case "from" -> from = parser.getValueAsString("");
                case "to" -> to = parser.getValueAsString("");
                case "status" -> status = parser.getValueAsInt();
                case "at" -> at = parser.getValueAsLong();
                default -> parser.skipChildren();
            }
        }
        return new JourneyStep(action, from, to, status, Instant.ofEpochMilli(at));
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
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
