package io.flowgate.core.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTest {

    @Test
    void ordinaryNamesStayAsTheyAre() {
        assertThat(LogSafe.text("BOOKING_SCREEN")).isEqualTo("BOOKING_SCREEN");
        assertThat(LogSafe.text("payload-schema-error")).isEqualTo("payload-schema-error");
    }

    @Test
    void aValueCannotForgeALineOrAField() {
        assertThat(LogSafe.text("X\nreq=1 status=200")).isEqualTo("X?req?1?status?200");
        assertThat(LogSafe.text("a\" status=\"200\r\u001b[2J\u202e")).isEqualTo("a??status??200???2J?");
        assertThat(LogSafe.text("é\\")).isEqualTo("??");
    }

    @Test
    void longValuesAreCut() {
        assertThat(LogSafe.text("x".repeat(10_000))).isEqualTo("x".repeat(LogSafe.MAX_LENGTH) + "...");
    }

    @Test
    void nullIsNamed() {
        assertThat(LogSafe.text(null)).isEqualTo("(none)");
    }
}
