package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.port.in.IssueFlowToken.InvalidTokenRequestException;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {

    private static final TokenPolicy POLICY = new TokenPolicy(TokenPolicy.Mode.STRICT, Duration.ofHours(24),
            Duration.ofDays(30), Duration.ofHours(24), "expired", Map.of());
    private final FakeSessions sessions = new FakeSessions();
    private final FlowPlugin plugin = new FlowPlugin() {
        @Override
        public String flowId() {
            return "demo";
        }

        @Override
        public FlowResponse handle(FlowRequest request) {
            return FlowResponse.screen("NEXT", Map.of());
        }
    };
    private final TokenService tokens = new TokenService(
            flowId -> flowId.equals(new FlowId("demo")) ? Optional.of(plugin) : Optional.empty(),
            sessions, POLICY, Clock.systemUTC());

    @Test
    void aNullInTheContextIsRefusedWithItsPathAndNothingIsStored() {
        var customer = new HashMap<String, Object>();
        customer.put("id", null);
        var topLevel = new HashMap<String, Object>();
        topLevel.put("order", null);

        assertThatThrownBy(() -> tokens.issue("demo", "447700900123", Optional.empty(), Map.of("customer", customer)))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("context.customer.id is null: omit the field instead");
        assertThatThrownBy(() -> tokens.issue("demo", "447700900123", Optional.empty(), topLevel))
                .hasMessage("context.order is null: omit the field instead");
        assertThatThrownBy(() -> tokens.issue("demo", "447700900123", Optional.empty(),
                Map.of("items", new ArrayList<>(Arrays.asList("a", null)))))
                .hasMessage("context.items[1] is null: omit the field instead");
        assertThat(sessions.byToken).isEmpty();
    }

    @Test
    void aContextWithoutNullsIsStoredAsGiven() throws Exception {
        var issued = tokens.issue("demo", "+447700900123", Optional.empty(), Map.of("customer", Map.of("id", "C-1")));

        var stored = sessions.find(issued.flowToken()).orElseThrow();
        assertThat(stored.context()).isEqualTo(Map.of("customer", Map.of("id", "C-1")));
        assertThat(stored.waId()).isEqualTo("447700900123");
    }
}
