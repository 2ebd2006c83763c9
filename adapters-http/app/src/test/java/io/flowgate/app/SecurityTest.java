package io.flowgate.app;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** Meta's security model on the data endpoint: signatures, key and secret rotation, slow clients. */
class SecurityTest {

    private static final String SECRET = "app-secret-for-tests";

    @TempDir
    Path home;

    @Test
    void unsignedMalformedOrForeignSignaturesGet432AndNeverAnException() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_APP_SECRET", SECRET, "FLOWGATE_TOKENS_MODE", "open"))) {
            var client = client(server);
            var sealed = client.seal(payload("ping", null, null, null));
            String body = sealed.body();
            String good = WhatsAppClient.hubSignature(SECRET, body);

            for (String header : new String[]{null, "", good.substring("sha256=".length()), "sha1=" + good.substring(7),
                    good.substring(0, good.length() - 2), good + "00", "sha256=" + "g".repeat(64),
                    WhatsAppClient.hubSignature("another-secret", body)}) {
                assertThat(post(server, body, header)).as(String.valueOf(header)).isEqualTo(432);
            }
            assertThat(client.signingWith(SECRET).send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
        }
    }

    @Test
    void duringASecretRotationBothSecretsAreAccepted() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_APP_SECRETS", "the-new-secret," + SECRET))) {
            assertThat(client(server).signingWith(SECRET).send("booking", payload("ping", null, null, null)).status())
                    .isEqualTo(200);
            assertThat(client(server).signingWith("the-new-secret").send("booking", payload("ping", null, null, null))
                    .status()).isEqualTo(200);
            assertThat(client(server).signingWith("a-third-secret").send("booking", payload("ping", null, null, null))
                    .status()).isEqualTo(432);
        }
    }

    @Test
    void duringAKeyRotationRequestsForEitherKeyAreDecrypted() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var newPair = generator.generateKeyPair();
        Path newKey = Files.writeString(home.resolve("new.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(newPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path oldKey = Files.writeString(home.resolve("old.pem"), TestServers.resource("/keys/private-pkcs8.pem"));

        try (var server = TestServers.start(home, Map.of("FLOWGATE_KEYS_PRIVATE_KEYS", newKey + "," + oldKey))) {
            var base = URI.create("http://127.0.0.1:" + server.port());
            var toNew = new WhatsAppClient(base, (java.security.interfaces.RSAPublicKey) newPair.getPublic());
            var toOld = client(server);
            var toStranger = new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(
                    TestServers.resource("/keys/other-public.pem")));

            assertThat(toNew.send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
            assertThat(toOld.send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
            assertThat(toStranger.send("booking", payload("ping", null, null, null)).status()).isEqualTo(421);
            assertThat(server.publicKey().getModulus()).as("the newest key is the one to upload")
                    .isEqualTo(((java.security.interfaces.RSAPublicKey) newPair.getPublic()).getModulus());
        }
    }

    @Test
    void aFlowTokenSignatureMustBeMadeWithTheAppSecretForThisToken() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_APP_SECRET", SECRET, "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            var client = client(server).signingWith(SECRET);
            String token = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), TestServers.ADMIN_TOKEN)
                    .issueToken("booking", "447700900123", null, null).flowToken();

            assertThat(client.send("booking", v4(token, jwt(SECRET, token))).status()).isEqualTo(200);
            assertThat(client.send("booking", v4(token, jwt(SECRET, "another-token"))).status()).isEqualTo(432);
            assertThat(client.send("booking", v4(token, jwt("not-the-secret", token))).status()).isEqualTo(432);
            assertThat(client.send("booking", v4(token, "not.a.jwt")).status()).isEqualTo(432);
        }
    }

    @Test
    void clientsThatStallInTheirHeadersOrBodyAreCutOffAndTheServerKeepsServing() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT1S"))) {
            for (String stalled : new String[]{
                    "POST /flows/booking HTTP/1.1\r\nHost: x\r\n",
                    "POST /flows/booking HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"encr"}) {
                long started = System.nanoTime();
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(15_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(stalled.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    while (in.read() != -1) {
                        // drain whatever the server answers until it closes the connection
                    }
                }
                assertThat((System.nanoTime() - started) / 1_000_000_000.0).as(stalled).isLessThan(10.0);
            }
            assertThat(client(server).send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
        }
    }

    @Test
    void aKeepAliveConnectionServesSeveralRequestsSlowerThanTheReadTimeout() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT1S"));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] request = "POST /flows/booking HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 400");
                Thread.sleep(1_600); // idle longer than the read timeout between requests
            }
        }
    }

    /** Reads one whole response (head and Content-Length body) and returns its head. */
    private static String readResponseHead(InputStream in) throws java.io.IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new java.io.EOFException("the connection closed: " + head);
            }
            head.append((char) next);
        }
        var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }

    private static Map<String, Object> v4(String token, String signature) {
        var payload = new LinkedHashMap<>(payload("INIT", "", Map.of(), token));
        payload.put("version", "4.0");
        payload.put("flow_token_signature", signature);
        return payload;
    }

    private static String jwt(String secret, String flowToken) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"flow_token\":\"" + flowToken + "\"}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
    }

    private static int post(FlowgateServer server, String body, String signature) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/flows/booking"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static WhatsAppClient client(FlowgateServer server) throws Exception {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }
}
