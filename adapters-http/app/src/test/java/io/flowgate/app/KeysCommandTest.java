package io.flowgate.app;

import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code keys generate|upload|check} against the fake Graph API, each failure kind of the check included. */
class KeysCommandTest {

    private static final String NUMBER = "106540352242922";
    private static final String SECOND_NUMBER = "106540352242923";

    @TempDir
    Path home;
    private FakeGraphApi graph;
    private Path config;
    private String ourPem;
    private String ourFingerprint;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraphApi.start();
        config = MetaCommands.config(home, graph, "");
        ourPem = TestServers.resource("/keys/public.pem");
        ourFingerprint = new io.flowgate.crypto.PemKeyFingerprints().fingerprint(ourPem);
    }

    @AfterEach
    void stop() {
        assertThat(graph.violations()).as("requests of the documented shape only").isEmpty();
        graph.close();
    }

    @Test
    void generateWritesAnEncryptedPkcs8KeyOwnerOnlyAndThePublicKeyBesideItAndNeverOverwrites() throws Exception {
        Path withPassphrase = Files.writeString(home.resolve("passphrase.yaml"),
                "flowgate:\n  keys:\n    passphrase: \"a-long-passphrase\"\n");
        Path out = home.resolve("new-keys");

        var run = MetaCommands.run(withPassphrase, "keys", "generate", "--out", out.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        Path privateKey = out.resolve("private-key.pem");
        Path publicKey = out.resolve("public-key.pem");
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicKey))).isEqualTo("rw-r--r--");
        var key = PemPrivateKeyReader.read(privateKey, "a-long-passphrase".toCharArray());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        String fingerprint = PublicKeys.fingerprint(PublicKeys.of(key));
        assertThat(new io.flowgate.crypto.PemKeyFingerprints().fingerprint(Files.readString(publicKey))).isEqualTo(fingerprint);
        assertThat(run.out()).contains("fingerprint: " + fingerprint);
        assertThatThrownBy(() -> PemPrivateKeyReader.read(privateKey, "wrong".toCharArray()))
                .isInstanceOf(PrivateKeyLoadException.class);

        String before = Files.readString(privateKey);
        var again = MetaCommands.run(withPassphrase, "keys", "generate", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(KeysCommand.FAILED);
        assertThat(again.err()).contains("never overwritten");
        assertThat(Files.readString(privateKey)).isEqualTo(before);
    }

    @Test
    void generateWithoutAPassphraseOrATerminalWritesNothingAndSaysWhatToSet() {
        Path out = home.resolve("new-keys");

        var run = MetaCommands.run(config, "keys", "generate", "--out", out.toString());

        assertThat(run.exit()).isEqualTo(KeysCommand.FAILED);
        assertThat(run.err()).contains("flowgate.keys.passphrase", "FLOWGATE_KEYS_PASSPHRASE");
        assertThat(out.resolve("private-key.pem")).doesNotExist();
    }

    @Test
    void uploadPostsThePublicHalfOfTheConfiguredKeyForEachNumberAndCheckThenPasses() {
        var upload = MetaCommands.run(config, "keys", "upload");

        assertThat(upload.exit()).as(upload.all()).isZero();
        assertThat(graph.key(NUMBER).pem()).isEqualTo(ourPem);
        assertThat(graph.key(SECOND_NUMBER).pem()).isEqualTo(ourPem);
        assertThat(graph.received("POST", "/whatsapp_business_encryption")).hasSize(2)
                .allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer " + FakeGraphApi.ACCESS_TOKEN));

        var check = MetaCommands.run(config, "keys", "check");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).contains("this server's key: " + ourFingerprint, "Meta's key:        " + ourFingerprint,
                "signature status:  VALID", "OK: Meta serves this server's key for phone number " + NUMBER);
        assertThat(upload.all() + check.all()).doesNotContain(FakeGraphApi.ACCESS_TOKEN);
    }

    @Test
    void uploadForOneNumberOnlyWithTheOption() {
        var upload = MetaCommands.run(config, "keys", "upload", "--phone-number-id", "999000111222");

        assertThat(upload.exit()).as(upload.all()).isZero();
        assertThat(graph.key("999000111222")).isNotNull();
        assertThat(graph.key(NUMBER)).isNull();
    }

    @Test
    void aMismatchedSignatureFailsTheCheckWithWhatToDo() throws Exception {
        graph.key(NUMBER, ourPem, "MISMATCH");

        var check = MetaCommands.run(config, "keys", "check", "--phone-number-id", NUMBER);

        assertThat(check.exit()).isEqualTo(KeysCommand.PROBLEM);
        assertThat(check.out()).contains("signature status:  MISMATCH",
                "PROBLEM: Meta's signature of the key for phone number " + NUMBER + " is MISMATCH",
                "421", "./flowgate keys upload --phone-number-id " + NUMBER);
    }

    @Test
    void anotherKeyAtMetaFailsTheCheckAndPrintsBothFingerprints() throws Exception {
        String other = TestServers.resource("/keys/other-public.pem");
        graph.key(NUMBER, other, "VALID");
        String otherFingerprint = new io.flowgate.crypto.PemKeyFingerprints().fingerprint(other);

        var check = MetaCommands.run(config, "keys", "check", "--phone-number-id", NUMBER);

        assertThat(check.exit()).isEqualTo(KeysCommand.PROBLEM);
        assertThat(otherFingerprint).isNotEqualTo(ourFingerprint);
        assertThat(check.out()).contains("this server's key: " + ourFingerprint, "Meta's key:        " + otherFingerprint,
                "PROBLEM: Meta serves another key for phone number " + NUMBER + " than this server's");
    }

    @Test
    void noKeyAtMetaFailsTheCheck() {
        var check = MetaCommands.run(config, "keys", "check", "--phone-number-id", NUMBER);

        assertThat(check.exit()).isEqualTo(KeysCommand.PROBLEM);
        assertThat(check.out()).contains("Meta's key:        (none)",
                "PROBLEM: Meta has no business public key for phone number " + NUMBER);
    }

    @Test
    void theFlatAnswerOfMetasReferencePageIsReadToo() throws Exception {
        graph.answerKeysFlat();
        graph.key(NUMBER, ourPem, "VALID");

        var check = MetaCommands.run(config, "keys", "check", "--phone-number-id", NUMBER);

        assertThat(check.exit()).as(check.all()).isZero();
    }

    @Test
    void aRefusedAccessTokenIsNamedWithMetasCodeAndTraceButNeverShown() throws Exception {
        Path wrong = Files.writeString(home.resolve("wrong.yaml"), Files.readString(config)
                .replace(FakeGraphApi.ACCESS_TOKEN, "EAAG-revoked-token-0123456789"));

        var check = MetaCommands.run(wrong, "keys", "check");

        assertThat(check.exit()).isEqualTo(KeysCommand.FAILED);
        assertThat(check.err()).contains("Meta refused the access token (flowgate.meta.access-token)", "Meta error 190",
                "fbtrace_id AbCdEfFakeTrace190").doesNotContain("EAAG-revoked-token-0123456789");
    }

    @Test
    void withoutAnAccessTokenTheCommandsSayWhichSettingIsMissing() throws Exception {
        Path none = Files.writeString(home.resolve("none.yaml"), Files.readString(config)
                .replace(FakeGraphApi.ACCESS_TOKEN, ""));

        var check = MetaCommands.run(none, "keys", "upload");

        assertThat(check.exit()).isEqualTo(KeysCommand.FAILED);
        assertThat(check.err()).contains("flowgate.meta.access-token", "FLOWGATE_META_ACCESS_TOKEN");
        assertThat(graph.received()).isEmpty();
    }

    @Test
    void theAccessTokenIsRedactedInTheSettingsAndReadFromItsFile() throws Exception {
        Path tokenFile = Files.writeString(home.resolve("token.txt"), FakeGraphApi.ACCESS_TOKEN + "\n");
        var settings = SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_META_ACCESS_TOKEN_FILE", tokenFile.toString(),
                "FLOWGATE_META_PHONE_NUMBER_ID", "1065403522,1065403523"));

        assertThat(settings.meta().accessToken()).isEqualTo(FakeGraphApi.ACCESS_TOKEN);
        assertThat(settings.meta().phoneNumberIds()).containsExactly("1065403522", "1065403523");
        assertThat(settings.meta().graphUrl()).hasToString("https://graph.facebook.com/v23.0");
        assertThat(settings.toString()).contains("accessToken=(set)").doesNotContain(FakeGraphApi.ACCESS_TOKEN);
        assertThat(new MetaConnection(settings.meta()).toString()).doesNotContain(FakeGraphApi.ACCESS_TOKEN);
    }
}
