package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A three-screen flow needs no casts: request data and session values read as the type a handler expects. */
class TypedAccessorsTest {

    private final FlowRequest request = FlowRequest.of(FlowAction.DATA_EXCHANGE, "S", Map.ofEntries(
            Map.entry("name", "Ada"), Map.entry("guests", 3), Map.entry("typed_guests", "4"), Map.entry("price", 12.5),
            Map.entry("exact", "19.99"), Map.entry("agree", true), Map.entry("agree_text", "false"),
            Map.entry("date", "2026-12-24"), Map.entry("old_date", "1766534400000"), Map.entry("tags", List.of("a", "b")),
            Map.entry("owner", Map.of("id", "7"))), "t");

    @Test
    void eachTypeReadsWhatTheClientSendsForIt() {
        assertThat(request.text("name")).hasValue("Ada");
        assertThat(request.integer("guests")).hasValue(3L);
        assertThat(request.integer("typed_guests")).as("a numeric TextInput sends text").hasValue(4L);
        assertThat(request.decimal("price")).hasValue(new BigDecimal("12.5"));
        assertThat(request.decimal("exact")).hasValue(new BigDecimal("19.99"));
        assertThat(request.bool("agree")).hasValue(true);
        assertThat(request.bool("agree_text")).hasValue(false);
        assertThat(request.date("date")).hasValue(LocalDate.of(2026, 12, 24));
        assertThat(request.date("old_date")).as("before Flow JSON 5.0: UTC midnight in epoch ms")
                .hasValue(LocalDate.of(2025, 12, 24));
        assertThat(request.list("tags")).hasValue(List.of("a", "b"));
        assertThat(request.map("owner")).hasValue(Map.of("id", "7"));
    }

    @Test
    void absentOrMistypedValuesAreEmptyNotFailures() {
        assertThat(request.integer("name")).isEmpty();
        assertThat(request.integer("price")).as("12.5 is not whole").isEmpty();
        assertThat(request.date("name")).isEmpty();
        assertThat(request.bool("guests")).isEmpty();
        assertThat(request.list("owner")).isEmpty();
        assertThat(request.text("missing")).isEmpty();
        assertThat(request.decimal("agree")).isEmpty();
    }

    @Test
    void theSessionReadsTheSameWay() {
        var session = FlowSession.of("t", "", Map.of(), Map.of("guests", 2, "when", "2026-01-31", "agree", true));
        assertThat(session.integer("guests")).hasValue(2L);
        assertThat(session.date("when")).hasValue(LocalDate.of(2026, 1, 31));
        assertThat(session.bool("agree")).hasValue(true);
        assertThat(session.text("guests")).isEmpty();
    }
}
