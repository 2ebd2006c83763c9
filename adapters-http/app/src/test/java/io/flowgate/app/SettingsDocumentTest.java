package io.flowgate.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every default is written once, in {@link Setting}; the documents are generated from it and checked here. */
class SettingsDocumentTest {

    @Test
    void docsConfigurationHoldsTheTableGeneratedFromTheSettings() throws Exception {
        String doc = Files.readString(Path.of("../../docs/configuration.md"), StandardCharsets.UTF_8);

        assertThat(doc).as("docs/configuration.md is stale: regenerate its table with ./flowgate settings --markdown")
                .contains(SettingsDocument.markdown());
    }

    @Test
    void theGeneratedYamlReadsBackAsEveryDefault() {
        Config config = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(SettingsDocument.yaml(), io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)).build();

        for (Setting setting : Setting.values()) {
            assertThat(config.get(setting.key()).asString().orElse(null)).as(setting.key())
                    .isEqualTo(setting.defaultValue());
        }
    }

    @Test
    void everySettingHasADescriptionAndAUniqueEnvironmentName() {
        assertThat(Setting.values()).allSatisfy(setting -> assertThat(setting.description()).isNotBlank());
        assertThat(java.util.Arrays.stream(Setting.values()).map(Setting::environmentVariable).distinct().count())
                .isEqualTo(Setting.values().length);
    }
}
