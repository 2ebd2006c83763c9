package io.flowgate.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** flowgate.flows.&lt;flowId&gt;.meta-flow-id: read per flow like the validation mode, refused when unusable. */
class MetaFlowIdsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void eachFlowsMetaFlowIdIsReadAsTextEvenWhenYamlSeesANumber() throws Exception {
        Path file = Files.writeString(dir.resolve("flowgate.yaml"), """
                flowgate:
                  flows:
                    appointment:
                      meta-flow-id: 1187654321098765
                      validation:
                        mode: warn
                    id-document:
                      meta-flow-id: " 2233445566 "
                    feedback:
                      token-error-message: "No longer open"
                """);

        MetaFlowIds ids = SettingsReader.read(Optional.of(file), Map.of()).metaFlowIds();

        assertThat(ids.byFlow()).isEqualTo(Map.of("appointment", "1187654321098765", "id-document", "2233445566"));
        assertThat(ids.of("feedback")).isEmpty();
        assertThat(SettingsReader.read(Optional.empty(), Map.of()).metaFlowIds().byFlow()).isEmpty();
    }

    @Test
    void anUnusableValueIsRefusedNamingTheKeyAndWhereToFindTheId() throws Exception {
        Path blank = Files.writeString(dir.resolve("blank.yaml"), """
                flowgate:
                  flows:
                    appointment:
                      meta-flow-id: "my flow"
                """);

        assertThatThrownBy(() -> SettingsReader.read(Optional.of(blank), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flowgate.flows.appointment.meta-flow-id must be the flow's id at Meta")
                .hasMessageContaining("GET /<WABA_ID>/flows");
    }
}
