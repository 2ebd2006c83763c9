package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlowCompletionTest {

    private final FlowCompletion completion = FlowCompletion.builder().flowToken("secret-token-123")
            .waId("447700900123").messageId("wamid.ABC").response(Map.of("date", "2026-12-01"))
            .session(Map.of("name", "Ada Lovelace")).context(Map.of("customer", "C-17")).build();

    @Test
    void toStringShowsTheMessageIdButNoValueTokenOrPhoneNumber() {
        assertThat(completion.toString())
                .contains("wamid.ABC", "date")
                .doesNotContain("secret-token-123", "447700900123", "2026-12-01", "Ada Lovelace", "C-17");
    }

    @Test
    void equalityIsByValue() {
        var same = FlowCompletion.builder().flowToken("secret-token-123").waId("447700900123").messageId("wamid.ABC")
                .response(Map.of("date", "2026-12-01")).session(Map.of("name", "Ada Lovelace"))
                .context(Map.of("customer", "C-17")).build();

        assertThat(completion).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(completion).isNotEqualTo(FlowCompletion.builder().messageId("wamid.ABC").build());
    }

    @Test
    void whatIsNotGivenIsEmpty() {
        var empty = FlowCompletion.builder().response(null).build();

        assertThat(empty.flowToken()).isEmpty();
        assertThat(empty.waId()).isEmpty();
        assertThat(empty.messageId()).isEmpty();
        assertThat(empty.response()).isEmpty();
        assertThat(empty.session()).isEmpty();
        assertThat(empty.context()).isEmpty();
    }
}
