package io.flowgate.distribution;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release as a team installs it: the tarball of this build unpacked outside the repository, a key and the
 * Meta app secret in the environment, the example plugin dropped into its plugins/, and {@code bin/flowgate
 * serve} answering a signed, encrypted ping and INIT through the real endpoint. With no Maven, no source tree
 * and nothing on the PATH but a shell's basic tools.
 */
class ReleaseIT {

    private static Release release;
    private static Process server;
    private static Path serverLog;
    private static KeyPair key;
    private static Map<String, String> environment;
    private static int publicPort;
    private static int managementPort;
    private static final String APP_SECRET = randomHex(16);
    private static final String ADMIN_TOKEN = randomHex(16);

    @BeforeAll
    static void installAndServe() throws Exception {
        release = Release.unpack();
        Path home = release.home();
        Path plugins = home.resolve("plugins");
        Files.copy(plugins.resolve("examples/appointment/appointment.jar"), plugins.resolve("appointment.jar"));

        // Keys and secrets live outside the release, as on a server (/etc/flowgate).
        Path secrets = Files.createDirectories(home.getParent().resolve("etc"));
        key = freshKey();
        Path keyFile = secrets.resolve("private.pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        publicPort = freePort();
        managementPort = freePort();
        environment = Map.of(
                "FLOWGATE_KEYS_PRIVATE_KEY", keyFile.toString(),
                "FLOWGATE_APP_SECRET", APP_SECRET,
                "FLOWGATE_ADMIN_TOKEN", ADMIN_TOKEN,
                "SERVER_HOST", "127.0.0.1",
                "SERVER_PORT", Integer.toString(publicPort),
                "FLOWGATE_MANAGEMENT_PORT", Integer.toString(managementPort));

        // Started from a folder of its own: the release finds its conf/, plugins/ and data/ wherever it runs.
        Path elsewhere = Files.createDirectories(home.getParent().resolve("elsewhere"));
        serverLog = home.getParent().resolve("serve.log");
        server = release.command("bin/flowgate", elsewhere, environment, "serve")
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        awaitListening(publicPort);
        awaitListening(managementPort);
    }

    /** SIGTERM, as systemd and container runtimes stop it: a drained stop is exit 0, not a failure to restart. */
    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null && server.isAlive()) {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                    throw new AssertionError("bin/flowgate serve did not stop within 30 s of SIGTERM");
                }
                assertThat(server.exitValue()).as(Files.readString(serverLog)).isZero();
            }
        } finally {
            if (release != null) {
                release.close();
            }
        }
    }

    @Test
    void aSignedPingIsAnsweredActive() {
        WhatsAppClient.Reply ping = whatsApp().send("appointment", payload("ping", null, null, null));

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.data()).containsEntry("status", "active");
    }

    @Test
    void anInitWithAnIssuedTokenOpensTheFirstScreenOfTheDroppedInPlugin() {
        AdminClient.Answer token = new AdminClient(URI.create("http://127.0.0.1:" + managementPort), ADMIN_TOKEN)
                .issueToken("appointment", "447700900123", "PT1H", Map.of());
        assertThat(token.status()).isEqualTo(201);

        WhatsAppClient.Reply init = whatsApp().send("appointment", payload("INIT", "", Map.of(), token.flowToken()));

        assertThat(init.status()).isEqualTo(200);
        assertThat(init.screen()).isEqualTo("APPOINTMENT");
        assertThat(init.data()).containsKeys("departments", "locations", "dates", "times");
    }

    @Test
    void requestsMustBeSignedWithTheAppSecretFromTheEnvironment() {
        var unsigned = new WhatsAppClient(URI.create("http://127.0.0.1:" + publicPort), (RSAPublicKey) key.getPublic());

        assertThat(unsigned.send("appointment", payload("ping", null, null, null)).status()).isEqualTo(432);
    }

    @Test
    void onlyTheDroppedInPluginIsServedNotTheExamples() throws IOException {
        assertThat(Files.readString(serverLog)).contains("flow \"appointment\"").doesNotContain("flow \"id-document\"");
        assertThat(whatsApp().send("id-document", payload("ping", null, null, null)).status()).isEqualTo(404);
    }

    @Test
    void theEmbeddedDatabaseIsKeptInTheReleaseDataFolder() {
        assertThat(release.home().resolve("data").resolve("flowgate.db")).isRegularFile();
    }

    @Test
    void theContainersHealthcheckPassesAgainstTheServersReadinessAndFailsWhereThereIsNone() throws Exception {
        Release.Result ready = release.run("bin/healthcheck", release.home(), Map.of(), Integer.toString(managementPort));
        assertThat(ready.status()).as(ready.out() + ready.err()).isZero();

        Release.Result notThere = release.run("bin/healthcheck", release.home(), Map.of(), Integer.toString(publicPort),
                "/observe/health/ready");
        assertThat(notThere.status()).as("the public listener serves no health: " + notThere.out() + notThere.err())
                .isNotZero();
    }

    @Test
    void publicKeyPrintsTheConfiguredKeysPublicHalf() throws Exception {
        Release.Result result = release.run("bin/flowgate", release.home(), environment, "public-key");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(WhatsAppClient.publicKeyFromPem(result.out().substring(0, result.out().indexOf("fingerprint:"))))
                .isEqualTo(key.getPublic());
        assertThat(result.out()).contains("fingerprint: SHA256:");
    }

    @Test
    void checkPluginLoadsAJarNamedRelativeToTheCallersFolder() throws Exception {
        Release.Result good = release.run("bin/flowgate", release.home().resolve("plugins"), Map.of(),
                "check-plugin", "examples/id-document/id-document.jar");
        Release.Result notAPlugin = release.run("bin/flowgate", release.home(), Map.of(), "check-plugin", "README.txt");

        assertThat(good.status()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("flow \"id-document\"").contains("0 errors");
        assertThat(notAPlugin.status()).isEqualTo(2);
    }

    @Test
    void everyCommandGoesToTheServersCommandLine() throws Exception {
        Release.Result help = release.run("bin/flowgate", release.home(), Map.of(), "--help");
        Release.Result unknown = release.run("bin/flowgate", release.home(), Map.of(), "no-such-command");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("serve", "public-key", "check-plugin", "decrypt-media", "settings");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'no-such-command'");
    }

    @Test
    void theJvmOptionsAreTheFixedHeapOrTheOperatorsOwn() throws Exception {
        Release.Result sized = release.run("bin/flowgate", release.home(), Map.of(), "java-options");
        Release.Result own = release.run("bin/flowgate", release.home(), Map.of("FLOWGATE_JAVA_OPTS", "-XX:+UseG1GC -Xmx2g"),
                "java-options");

        // 512 MiB, or less under a memory limit of this machine's control group; never under 128 MiB.
        var options = java.util.regex.Pattern.compile("-XX:\\+UseParallelGC -Xms96m -Xmx(\\d+)m -Xmn64m -XX:-UseAdaptiveSizePolicy -XX:SurvivorRatio=8 -XX:MaxTenuringThreshold=2"
                + " -XX:\\+ExitOnOutOfMemoryError")
                .matcher(sized.out().strip());
        assertThat(options.matches()).as(sized.out() + sized.err()).isTrue();
        assertThat(Integer.parseInt(options.group(1))).isBetween(128, 512);
        assertThat(own.out().strip()).isEqualTo("-XX:+UseG1GC -Xmx2g");
    }

    @Test
    void confApplicationYamlIsExactlyWhatTheServerPrintsAsItsSettings() throws Exception {
        Release.Result settings = release.run("bin/flowgate", release.home(), Map.of(), "settings");

        assertThat(settings.status()).isZero();
        assertThat(release.home().resolve("conf/application.yaml")).hasContent(settings.out());
        assertThat(settings.out()).contains("  port: 8080").contains("    port: 9090").contains("plugins:");
    }

    @Test
    void theTreeHoldsNoSourcesAndNoMaven() throws IOException {
        try (Stream<Path> files = Files.walk(release.home())) {
            List<String> paths = files.map(path -> release.home().relativize(path).toString()).toList();
            assertThat(paths).noneMatch(path -> path.endsWith(".java"))
                    .noneMatch(path -> path.equals("src") || path.contains("/src/") || path.startsWith("src/"))
                    .noneMatch(path -> path.endsWith("mvnw") || path.endsWith("pom.xml") || path.contains(".mvn"))
                    .noneMatch(path -> path.endsWith(".pom") && !path.startsWith("sdk/repository/"))
                    .contains("bin/flowgate", "bin/healthcheck", "conf/application.yaml", "conf/flowgate.service",
                            "plugins/README.md", "plugins/examples/appointment/appointment.jar",
                            "plugins/examples/id-document/id-document.jar", "sdk/install.sh",
                            "licences/THIRD-PARTY.txt", "Containerfile", "README.txt");
        }
        assertThat(release.home().resolve("bin/flowgate")).isExecutable();
        try (Stream<Path> lib = Files.list(release.home().resolve("lib"))) {
            assertThat(lib.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.matches("flowgate-app-.+\\.jar"))
                    .anyMatch(name -> name.startsWith("helidon-webserver-"))
                    .noneMatch(name -> name.startsWith("flowgate-example-") || name.startsWith("flowgate-plugin-testkit"))
                    .allMatch(name -> name.endsWith(".jar"));
        }
    }

    @Test
    void theThirdPartyLicencesNameEveryLibraryInLibButNoneOfFlowgates() throws IOException {
        String licences = Files.readString(release.home().resolve("licences/THIRD-PARTY.txt"));
        List<String> thirdParty;
        try (Stream<Path> lib = Files.list(release.home().resolve("lib"))) {
            thirdParty = lib.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith("flowgate-"))
                    .map(name -> name.replaceFirst("-[0-9][^-]*(-[a-z0-9_-]+)?\\.jar$", "")).toList();
        }

        assertThat(thirdParty).isNotEmpty().allSatisfy(artifact -> assertThat(licences).contains(":" + artifact + ":"));
        assertThat(licences).doesNotContain("io.flowgate").doesNotContain("Unknown license")
                .contains("Apache License");
    }

    @Test
    void theSystemdUnitPassesSystemdsOwnCheckOnceItNamesThisRelease() throws Exception {
        Path systemdAnalyze = Path.of("/usr/bin/systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(systemdAnalyze),
                "systemd-analyze is not installed here; the unit's keys are checked by SystemdUnitTest");
        Path unit = release.home().getParent().resolve("flowgate.service");
        Files.writeString(unit, Files.readString(release.home().resolve("conf/flowgate.service"))
                .replace("/opt/flowgate", release.home().toString()));

        Process verify = new ProcessBuilder(systemdAnalyze.toString(), "verify", unit.toString())
                .redirectErrorStream(true).start();
        String findings = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.waitFor()).as(findings).isZero();
        // systemd-analyze exits 0 on unknown keys and bad values, and prints them: there must be none.
        assertThat(findings).isEmpty();
    }

    /**
     * sdk/repository/ must let Maven resolve the plugin API and the testkit with nothing else of Flowgate's:
     * every POM's Flowgate parent and every Flowgate dependency a plugin project reaches through them is there,
     * each jar beside its POM. (Installing it and building a plugin against it is what GeneratedPluginBuildTest
     * does with the launcher's SDK, at the cost of a Maven build.)
     */
    @Test
    void theSdkHoldsThePluginApiAndTheTestkitWithEverythingTheirPomsName() throws Exception {
        Path repository = release.home().resolve("sdk/repository");
        List<Path> poms;
        try (Stream<Path> files = Files.walk(repository)) {
            poms = files.filter(path -> path.toString().endsWith(".pom")).toList();
        }
        List<String> present = poms.stream().map(pom -> pom.getFileName().toString().replaceFirst("-[0-9].*", "")).toList();

        assertThat(present).contains("flowgate-spi", "flowgate-plugin-testkit", "flowgate-parent");
        for (Path pom : poms) {
            var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            var parent = document.getElementsByTagName("parent");
            if (parent.getLength() > 0) {
                String parentId = ((org.w3c.dom.Element) parent.item(0)).getElementsByTagName("artifactId").item(0).getTextContent();
                assertThat(present).as("the parent of " + pom.getFileName()).contains(parentId);
            }
            var project = document.getDocumentElement();
            String packaging = childText(project, "packaging");
            if (!"pom".equals(packaging)) {
                assertThat(Path.of(pom.toString().replaceFirst("\\.pom$", ".jar"))).as("the jar of " + pom.getFileName())
                        .isRegularFile();
            }
            var dependencies = document.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                var dependency = (org.w3c.dom.Element) dependencies.item(i);
                if (dependency.getParentNode().getParentNode() != project) {
                    continue; // managed versions, not dependencies
                }
                String scope = childText(dependency, "scope");
                if ("io.flowgate".equals(childText(dependency, "groupId")) && !"test".equals(scope)) {
                    assertThat(present).as("a dependency of " + pom.getFileName()).contains(childText(dependency, "artifactId"));
                }
            }
        }
        assertThat(release.home().resolve("sdk/install.sh")).isExecutable();
    }

    private static String childText(org.w3c.dom.Element element, String name) {
        for (var child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof org.w3c.dom.Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static WhatsAppClient whatsApp() {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + publicPort), (RSAPublicKey) key.getPublic())
                .signingWith(APP_SECRET);
    }

    private static void awaitListening(int port) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (!server.isAlive()) {
                throw new AssertionError("bin/flowgate serve exited with status " + server.exitValue() + ":\n"
                        + Files.readString(serverLog));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("bin/flowgate serve did not listen on port " + port + " within 30 s:\n"
                + Files.readString(serverLog));
    }

    private static KeyPair freshKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new java.security.SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
