package io.flowgate.app;

import io.flowgate.crypto.CryptoProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsReaderTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltInDefaultsServeFromPort8080WithThePluginsFolder() {
        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of());

        assertThat(settings.listeners().publicListener().port()).isEqualTo(8080);
        assertThat(settings.directories().plugins()).isEqualTo(Path.of("plugins"));
        assertThat(settings.directories().data()).isEqualTo(Path.of("data"));
        assertThat(settings.keys().privateKeys()).isEmpty();
        assertThat(settings.crypto().provider()).isEqualTo(CryptoProviders.Preference.AUTO);
        assertThat(settings.crypto().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.requests().maxBodyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void environmentVariablesOverrideTheFileAndDashesBecomeUnderscores() throws Exception {
        Path file = Files.writeString(dir.resolve("flowgate.yaml"), """
                server:
                  port: 9000
                flowgate:
                  keys:
                    private-key: /from/file.pem
                  plugins:
                    dir: /opt/plugins
                """);

        FlowgateSettings settings = SettingsReader.read(Optional.of(file), Map.of(
                "SERVER_PORT", "9100",
                "FLOWGATE_KEYS_PRIVATE_KEY", "/from/env.pem",
                "FLOWGATE_CRYPTO_QUEUE_CAPACITY", "7"));

        assertThat(settings.listeners().publicListener().port()).isEqualTo(9100);
        assertThat(settings.keys().privateKeys()).containsExactly(Path.of("/from/env.pem"));
        assertThat(settings.directories().plugins()).isEqualTo(Path.of("/opt/plugins"));
        assertThat(settings.crypto().queueCapacity()).isEqualTo(7);
    }

    @Test
    void everySettingHasTheDocumentedEnvironmentName() {
        assertThat(Setting.PRIVATE_KEY.environmentVariable()).isEqualTo("FLOWGATE_KEYS_PRIVATE_KEY");
        assertThat(Setting.SERVER_PORT.environmentVariable()).isEqualTo("SERVER_PORT");
        assertThat(Setting.HTTP_MAX_BODY.environmentVariable()).isEqualTo("FLOWGATE_HTTP_MAX_BODY");
    }

    @Test
    void aValueThatIsNotANumberNamesTheSettingAndItsVariable() {
        assertThatThrownBy(() -> SettingsReader.read(Optional.empty(), Map.of("SERVER_PORT", "eighty")))
                .hasMessage("server.port (SERVER_PORT) is \"eighty\": expected a whole number");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        assertThatThrownBy(() -> SettingsReader.read(Optional.of(dir.resolve("nope.yaml")), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void thePassphraseNeverAppearsInTheSettingsText() {
        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_KEYS_PASSPHRASE", "hunter2"));

        assertThat(settings.keys().passphrase()).isEqualTo("hunter2");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("passphrase=(set)");
    }

    @Test
    void severalKeysAndSecretsAreListedNewestFirst() {
        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of(
                "FLOWGATE_KEYS_PRIVATE_KEYS", "/keys/new.pem, /keys/old.pem",
                "FLOWGATE_APP_SECRETS", "new-secret,old-secret"));

        assertThat(settings.keys().privateKeys()).containsExactly(Path.of("/keys/new.pem"), Path.of("/keys/old.pem"));
        assertThat(settings.security().appSecrets()).containsExactly("new-secret", "old-secret");
    }

    @Test
    void secretsCanComeFromFilesNamedInTheConfiguration() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "from-a-file\n");
        Path secret = Files.writeString(dir.resolve("app-secret"), "s3cret");

        FlowgateSettings settings = SettingsReader.read(Optional.empty(), Map.of(
                "FLOWGATE_KEYS_PASSPHRASE_FILE", passphrase.toString(), "FLOWGATE_APP_SECRET_FILE", secret.toString()));

        assertThat(settings.keys().passphrase()).isEqualTo("from-a-file");
        assertThat(settings.security().appSecrets()).containsExactly("s3cret");
        assertThatThrownBy(() -> SettingsReader.read(Optional.empty(), Map.of(
                "FLOWGATE_KEYS_PASSPHRASE_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("flowgate.keys.passphrase-file names").hasMessageContaining("cannot be read");
    }

    @Test
    void thePlaygroundIsOnInDevelopmentAndOffInProductionUnlessSwitched() {
        assertThat(SettingsReader.read(Optional.empty(), Map.of()).playground().enabled()).isTrue();
        assertThat(SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_KEYS_PRIVATE_KEY", "/k.pem"))
                .playground().enabled()).isFalse();
        assertThat(SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_KEYS_PRIVATE_KEY", "/k.pem",
                "FLOWGATE_PLAYGROUND_ENABLED", "true")).playground().enabled()).isTrue();
        assertThat(SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_PLAYGROUND_ENABLED", "false"))
                .playground().enabled()).isFalse();
        assertThatThrownBy(() -> SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_PLAYGROUND_ENABLED", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowgate.playground.enabled (FLOWGATE_PLAYGROUND_ENABLED) is \"yes\": expected true,"
                        + " false or auto");
    }
}
