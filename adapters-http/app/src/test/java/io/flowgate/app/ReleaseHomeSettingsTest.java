package io.flowgate.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A release's bin/flowgate names its folder; the server then finds its conf/, plugins/ and data/ from anywhere. */
class ReleaseHomeSettingsTest {

    @TempDir
    Path home;

    @AfterEach
    void forgetTheHome() {
        System.clearProperty(SettingsReader.HOME_PROPERTY);
    }

    @Test
    void relativeDirectoriesAreInsideTheReleaseFolder() {
        System.setProperty(SettingsReader.HOME_PROPERTY, home.toString());

        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of());

        assertThat(settings.directories().plugins()).isEqualTo(home.resolve("plugins"));
        assertThat(settings.directories().data()).isEqualTo(home.resolve("data"));
        assertThat(settings.media().directory()).isEqualTo(home.resolve("data").resolve("media"));
    }

    @Test
    void theReleaseReadsItsConfAndKeepsAbsolutePathsAsTheyAre() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/application.yaml"), """
                server:
                  port: 9123
                flowgate:
                  data:
                    dir: /var/lib/flowgate
                  keys:
                    private-key: keys/business.pem
                """);
        System.setProperty(SettingsReader.HOME_PROPERTY, home.toString());

        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of());

        assertThat(settings.listeners().publicListener().port()).isEqualTo(9123);
        assertThat(settings.directories().data()).isEqualTo(Path.of("/var/lib/flowgate"));
        assertThat(settings.keys().privateKeys()).containsExactly(home.resolve("keys/business.pem"));
    }

    @Test
    void withoutAReleaseFolderPathsStayRelativeToTheWorkingDirectory() {
        FlowgateSettings settings = SettingsReader.read(Optional.empty(),
                Map.of("FLOWGATE_PLUGINS_DIR", "my-plugins"));

        assertThat(settings.directories().plugins()).isEqualTo(Path.of("my-plugins"));
    }
}
