package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowRequestTest {

    @Test
    void toStringNamesTheStepButNoValueAndNotTheToken() {
        var request = FlowRequest.of(FlowAction.DATA_EXCHANGE, "DETAILS",
                Map.of("email", "ada@example.com", "phone", "+447700900123"), "secret-token-123");

        assertThat(request.toString())
                .contains("data_exchange", "DETAILS", "email", "phone")
                .doesNotContain("ada@example.com", "447700900123", "secret-token-123");
    }

    @Test
    void requestsWithTheSameContentAreEqualWhateverTheirSessions() {
        var first = FlowRequest.of(FlowAction.INIT, "", Map.of("a", 1), "t");
        var second = FlowRequest.builder(FlowAction.INIT).data(Map.of("a", 1L)).flowToken("t")
                .session(FlowSession.of("t", "447700900123", Map.of(), Map.of("seen", true))).build();

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first).isNotEqualTo(first.toBuilder().screen("OTHER").build());
        assertThat(first).isNotEqualTo(first.toBuilder().version("4.0").build());
    }

    @Test
    void theBuilderFillsWhatIsNotGivenAsTheProtocolAllows() {
        var request = FlowRequest.builder(FlowAction.BACK).screen(null).data(null).flowToken(null).build();

        assertThat(request.screen()).isEmpty();
        assertThat(request.data()).isEmpty();
        assertThat(request.flowToken()).isEmpty();
        assertThat(request.version()).isEqualTo("3.0");
        assertThat(request.session().values()).isEmpty();
        assertThat(request.mediaAccess()).isSameAs(MediaAccess.NONE);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        var session = FlowSession.detached("t");
        MediaAccess media = item -> {
            throw new MediaException(MediaException.Reason.DOWNLOAD_FAILED, "test");
        };
        var original = FlowRequest.builder(FlowAction.DATA_EXCHANGE).screen("S").data(Map.of("k", "v"))
                .flowToken("t").version("4.0").session(session).mediaAccess(media).build();

        var copy = original.toBuilder().build();

        assertThat(copy).isEqualTo(original);
        assertThat(copy.session()).isSameAs(session);
        assertThat(copy.mediaAccess()).isSameAs(media);
    }

    @Test
    void dataIsCopiedAndCheckedLikeEveryFlowValue() {
        var data = new HashMap<String, Object>();
        data.put("name", "Ada");
        var request = FlowRequest.of(FlowAction.DATA_EXCHANGE, "S", data, "t");
        data.put("name", "changed");
        data.put("missing", null);

        assertThat(request.data()).containsExactly(Map.entry("name", "Ada"));
        assertThatThrownBy(() -> FlowRequest.of(FlowAction.DATA_EXCHANGE, "S", data, "t"))
                .hasMessageStartingWith("data.missing is null");
    }
}
