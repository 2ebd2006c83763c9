package io.flowgate.app;

import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generative test: 10,000 mutations of valid envelopes thrown at the real server. Whatever arrives, the
 * answer is one of the documented statuses, never a 5xx of ours, and the server still answers a ping.
 * The generator is seeded (printed on failure) so a failing case can be replayed.
 */
class HostileInputTest {

    private static final int CASES = 10_000;
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 404, 413, 421, 427);
    private static final long SEED = Long.getLong("flowgate.fuzz.seed", 20261125L);

    @TempDir
    Path home;

    @Test
    void tenThousandMutatedEnvelopesGetDocumentedAnswersAndTheServerSurvives() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_TOKENS_MODE", "open",
                "FLOWGATE_HTTP_MAX_BODY", "65536"))) {
            var whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                    WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var random = new Random(SEED);
            var mutations = new Mutations(whatsApp, random);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> violations = new ArrayList<>();

            for (int i = 0; i < CASES; i++) {
                Mutations.Case mutated = mutations.next();
                String flow = random.nextInt(50) == 0 ? "no-such-flow" : "booking";
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/flows/" + flow)).timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(mutated.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (!DOCUMENTED.contains(response.statusCode()) || response.body().contains("Exception")) {
                    violations.add("case " + i + " (" + mutated.kind() + "): " + response.statusCode() + " " + response.body());
                }
            }

            System.out.println("hostile input, seed " + SEED + ": statuses " + statuses);
            assertThat(violations).as("seed " + SEED).isEmpty();
            assertThat(statuses.keySet()).as("the mutations reach every stage").contains(200, 400, 413, 421);
            assertThat(whatsApp.send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
        }
    }

    /** Ways to break a valid request, each a step further from the wire into the payload. */
    private static final class Mutations {
        record Case(String kind, byte[] body) {
        }

        private final WhatsAppClient client;
        private final Random random;

        Mutations(WhatsAppClient client, Random random) {
            this.client = client;
            this.random = random;
        }

        Case next() {
            var sealed = client.seal(validPayload());
            String body = sealed.body();
            return switch (random.nextInt(15)) {
                case 14 -> new Case("body over the limit", bytes(sealed.bodyWith("encrypted_flow_data",
                        "A".repeat(70_000 + random.nextInt(200_000)))));
                case 0 -> new Case("valid", bytes(body));
                case 1 -> new Case("flipped byte in a field", bytes(flipByte(sealed)));
                case 2 -> new Case("truncated body", bytes(body.substring(0, random.nextInt(body.length()))));
                case 3 -> new Case("random bytes", randomBytes(random.nextInt(400)));
                case 4 -> new Case("field replaced by junk", bytes(sealed.bodyWith(field(), junk())));
                case 5 -> new Case("field of another type", bytes(body.replaceFirst("\"" + field() + "\":\"[^\"]*\"",
                        "\"" + field() + "\":" + List.of("1", "null", "[]", "{}", "true", "-0.5e99").get(random.nextInt(6)))));
                case 6 -> new Case("field missing", bytes(body.replaceFirst("\"" + field() + "\":\"[^\"]*\",?", "")));
                case 7 -> new Case("duplicate key", bytes(body.replaceFirst("\\{", "{\"initial_vector\":\"AAAA\",")));
                case 8 -> new Case("deep nesting", bytes("[".repeat(5_000 + random.nextInt(5_000))));
                case 9 -> new Case("IV of another length", bytes(sealed.bodyWith("initial_vector",
                        Base64.getEncoder().encodeToString(new byte[random.nextInt(40)]))));
                case 10 -> new Case("wrapped key of another size", bytes(sealed.bodyWith("encrypted_aes_key",
                        Base64.getEncoder().encodeToString(new byte[random.nextInt(512)]))));
                case 11 -> new Case("plaintext not JSON", bytes(client.seal(randomBytes(random.nextInt(200))).body()));
                case 12 -> new Case("plaintext deeply nested", bytes(client.seal(
                        ("{\"action\":\"INIT\",\"data\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}")
                                .getBytes(StandardCharsets.UTF_8)).body()));
                default -> new Case("payload of the wrong shape", bytes(client.seal(oddPayload()).body()));
            };
        }

        private Map<String, Object> validPayload() {
            return switch (random.nextInt(4)) {
                case 0 -> payload("ping", null, null, null);
                case 1 -> payload("INIT", "", Map.of(), "fuzz-" + random.nextInt(100));
                case 2 -> payload("data_exchange", "FORM", Map.of("answer", junk()), "fuzz-" + random.nextInt(100));
                default -> payload("data_exchange", "S", Map.of("error", "payload-schema-error"), "fuzz-1");
            };
        }

        private Map<String, Object> oddPayload() {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("action", List.of("INIT", "BACK", "data_exchange", "navigate", "PING", "", "complete").get(random.nextInt(7)));
            if (random.nextBoolean()) {
                payload.put("screen", random.nextBoolean() ? junk() : List.of(1, 2));
            }
            if (random.nextBoolean()) {
                payload.put("data", random.nextBoolean() ? "not an object" : Map.of("k", junk()));
            }
            if (random.nextBoolean()) {
                payload.put("flow_token", random.nextBoolean() ? junk() : 42);
            }
            if (random.nextInt(10) == 0) {
                payload.put("flow_token_signature", junk());
            }
            return payload;
        }

        private String flipByte(WhatsAppClient.SealedRequest sealed) {
            String field = field();
            String value = switch (field) {
                case "encrypted_flow_data" -> sealed.encryptedFlowData();
                case "encrypted_aes_key" -> sealed.encryptedAesKey();
                default -> sealed.initialVector();
            };
            byte[] decoded = Base64.getDecoder().decode(value);
            decoded[random.nextInt(decoded.length)] ^= (byte) (1 << random.nextInt(8));
            return sealed.bodyWith(field, Base64.getEncoder().encodeToString(decoded));
        }

        private String field() {
            return List.of("encrypted_flow_data", "encrypted_aes_key", "initial_vector").get(random.nextInt(3));
        }

        private String junk() {
            var text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
            }
            return text.toString().replace("\\", "").replace("\"", "");
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
