package io.flowgate.json;

import io.flowgate.core.port.out.JsonCodec.MalformedJsonException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meta's samples of the flows webhook end objects with a comma: read only where asked, and no laxer otherwise. */
class TrailingCommasTest {

    private static final byte[] META_SAMPLE = """
            {"entry":[{"changes":[{"value":{"event":"FLOW_STATUS_CHANGE","message":"a, b,}","new_status":"BLOCKED",},
            "field":"flows"},]}]}""".getBytes(StandardCharsets.UTF_8);

    private final JacksonJsonCodec codec = new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES);

    @Test
    void theStrictReaderRefusesTrailingCommas() {
        assertThatThrownBy(() -> codec.readObject(META_SAMPLE)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTolerantReaderReadsThemAndLeavesCommasInStringsAlone() throws Exception {
        Map<String, Object> delivery = codec.readObjectAllowingTrailingCommas(META_SAMPLE);

        var change = ((List<Map<String, Object>>) ((List<Map<String, Object>>) delivery.get("entry")).getFirst().get("changes")).getFirst();
        assertThat(change).containsEntry("field", "flows");
        assertThat((Map<String, Object>) change.get("value")).containsEntry("message", "a, b,}")
                .containsEntry("new_status", "BLOCKED").hasSize(3);
    }

    @Test
    void theTolerantReaderStillRefusesDuplicateKeysAndBrokenJson() {
        assertThatThrownBy(() -> codec.readObjectAllowingTrailingCommas("{\"a\":1,\"a\":2,}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class).hasMessageStartingWith("a key appears twice");
        assertThatThrownBy(() -> codec.readObjectAllowingTrailingCommas("{\"a\":,}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class);
    }
}
