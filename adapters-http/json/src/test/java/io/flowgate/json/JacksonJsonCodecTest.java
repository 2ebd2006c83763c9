package io.flowgate.json;

import io.flowgate.core.port.out.JsonCodec.MalformedJsonException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonJsonCodecTest {

    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    @Test
    void aLargeFlatObjectIsRefusedByItsTokenCountWithAMessageThatQuotesNothing() {
        byte[] flat = flatObject(20_000, "secret-value-");

        assertThatThrownBy(() -> codec.readObject(flat))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("the JSON has more than 10000 tokens (keys, values and brackets)")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void aGenerousRealPayloadIsWellWithinTheBound() throws Exception {
        // Twice what a screen with a 30-file picker and a long form sends.
        assertThat(codec.readObject(flatObject(2_000, "v"))).hasSize(2_000);
    }

    @Test
    void webhookDeliveriesMayHoldFarMore() throws Exception {
        var webhooks = new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES);

        assertThat(webhooks.readObject(flatObject(20_000, "v"))).hasSize(20_000);
    }

    @Test
    void deepNestingNamesItsLimit() {
        byte[] deep = ("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.readObject(deep))
                .hasMessageStartingWith("the JSON is nested more than 64 levels deep");
    }

    @Test
    void duplicateKeysAndOtherShapesAreRefusedAsBefore() throws Exception {
        assertThatThrownBy(() -> codec.readObject("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("a key appears twice");
        assertThatThrownBy(() -> codec.readObject("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the top level is not an object");
        assertThat(codec.readObject("{\"k\":[1,\"x\",true]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("k", java.util.List.of(1, "x", true)));
    }

    private static byte[] flatObject(int keys, String valuePrefix) {
        var json = new StringBuilder("{");
        for (int i = 0; i < keys; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append(valuePrefix).append(i).append('"');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
