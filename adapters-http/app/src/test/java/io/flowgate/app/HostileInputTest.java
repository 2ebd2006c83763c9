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
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generative test: 10,000 mutations of valid requests thrown at the real server, on the wire and inside the
 * decrypted payload. Each kind of mutation has the one status the protocol asks for (a bad tag is 421, a body
 * that is not JSON 400, a null value in the data an absent value and so 200, ...), and every case must get
 * exactly that; the server still answers a ping afterwards. The generator is seeded (printed on failure) so
 * a failing case can be replayed with {@code -Dflowgate.fuzz.seed=...}.
 */
class HostileInputTest {

    private static final int CASES = 10_000;
    private static final long SEED = Long.getLong("flowgate.fuzz.seed", 20261125L);
    /** Room for a payload of 5,001 keys (about 50 KB, 67 KB encrypted), refused by its token count, not its size. */
    private static final int MAX_BODY = 131_072;

    /** Held, so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger REQUEST_LOG = Logger.getLogger("io.flowgate.core.service.FlowEndpointService");

    @TempDir
    Path home;

    @Test
    void tenThousandMutatedRequestsGetTheStatusTheirKindOfMutationCallsFor() throws Exception {
        // Thousands of expected refusals at WARNING would only slow the run; unexpected failures log at ERROR.
        Level previous = REQUEST_LOG.getLevel();
        REQUEST_LOG.setLevel(Level.SEVERE);
        try (var server = TestServers.start(home, Map.of("FLOWGATE_TOKENS_MODE", "open",
                "FLOWGATE_HTTP_MAX_BODY", String.valueOf(MAX_BODY)))) {
            var whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                    WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var random = new Random(SEED);
            var mutations = new Mutations(whatsApp, random);
            Map<String, Map<Integer, Integer>> statusesByKind = new TreeMap<>();
            List<String> violations = new ArrayList<>();

            for (int i = 0; i < CASES; i++) {
                Mutations.Case mutated = mutations.next();
                boolean unknownFlow = random.nextInt(50) == 0;
                // The size is checked on the way in, before the flow; the flow before anything else.
                int expected = mutated.expected() == 413 || !unknownFlow ? mutated.expected() : 404;
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/flows/" + (unknownFlow ? "no-such-flow" : "booking"))).timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(mutated.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                statusesByKind.computeIfAbsent(mutated.kind(), kind -> new TreeMap<>())
                        .merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() != expected || response.body().contains("Exception")) {
                    violations.add("case " + i + " (" + mutated.kind() + "): expected " + expected + ", got "
                            + response.statusCode() + " " + shortened(response.body()));
                }
            }

            System.out.println("hostile input, seed " + SEED + ": statuses by kind " + statusesByKind);
            assertThat(violations).as("seed " + SEED).isEmpty();
            assertThat(statusesByKind.keySet()).as("every kind of mutation was tried").containsAll(mutations.kinds());
            assertThat(whatsApp.send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
        } finally {
            REQUEST_LOG.setLevel(previous);
        }
    }

    private static String shortened(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    /** Ways to break a valid request, on the wire and inside the payload, each with the status it must get. */
    private static final class Mutations {
        record Case(String kind, byte[] body, int expected) {
        }

        private record Kind(String name, int expected, Supplier<byte[]> body) {
        }

        private final WhatsAppClient client;
        private final Random random;
        private final List<Kind> kinds = new ArrayList<>();

        Mutations(WhatsAppClient client, Random random) {
            this.client = client;
            this.random = random;

            // The envelope, before decryption.
            kind("valid", 200, () -> sealed(validPayload()).body());
            kind("flipped bit in a field", 421, () -> flipBit(sealed(validPayload()), field()));
            kind("flipped bit in the GCM tag", 421, this::flipTagBit);
            kind("IV of another length", 421, () -> sealed(validPayload()).bodyWith("initial_vector",
                    Base64.getEncoder().encodeToString(new byte[random.nextInt(40)])));
            kind("wrapped key of another size", 421, () -> sealed(validPayload()).bodyWith("encrypted_aes_key",
                    Base64.getEncoder().encodeToString(new byte[random.nextInt(512)])));
            kind("field that is not base64", 421, () -> sealed(validPayload()).bodyWith(field(), notBase64()));
            kind("control character in the envelope", 400, () -> sealed(validPayload()).bodyWith(field(),
                    "AAAA" + (char) random.nextInt(0x20) + "AAAA"));
            kind("truncated body", 400, () -> {
                String body = sealed(validPayload()).body();
                return body.substring(0, random.nextInt(body.length()));
            });
            rawKind("random bytes", 400, () -> randomBytes(random.nextInt(400)));
            kind("field of another type", 400, () -> {
                String field = field();
                return sealed(validPayload()).body().replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":"
                        + pick("1", "null", "[]", "{}", "true", "-0.5e99"));
            });
            kind("field missing", 400, () -> sealed(validPayload()).body()
                    .replaceFirst("\"" + field() + "\":\"[^\"]*\",?", ""));
            kind("duplicate key in the envelope", 400, () -> sealed(validPayload()).body()
                    .replaceFirst("\\{", "{\"initial_vector\":\"AAAA\","));
            kind("envelope nested too deep", 400, () -> "[".repeat(5_000 + random.nextInt(5_000)));
            kind("envelope with 5,001 extra keys", 400, () -> sealed(validPayload()).body()
                    .replaceFirst("\\{", "{" + flatMembers(5_001 + random.nextInt(200)) + ","));
            kind("body over the limit", 413, () -> sealed(validPayload()).bodyWith("encrypted_flow_data",
                    "A".repeat(MAX_BODY + 1 + random.nextInt(50_000))));

            // Inside the decrypted payload.
            kind("plaintext not JSON", 400, () -> client.seal(randomBytes(random.nextInt(200))).body());
            kind("plaintext nested too deep", 400, () -> sealedRaw("{\"action\":\"INIT\",\"flow_token\":\"fuzz-1\","
                    + "\"data\":{\"k\":" + "[".repeat(65 + random.nextInt(2_000)) + "]".repeat(2_100) + "}}"));
            kind("data nested within the limit", 200, () -> {
                int depth = 1 + random.nextInt(58);
                return sealedRaw(formStep("\"answer\":\"deep\",\"nest\":" + "{\"k\":".repeat(depth) + "1"
                        + "}".repeat(depth)));
            });
            kind("null values in the data", 200, () -> sealedRaw(formStep(pick(
                    "\"answer\":null", "\"answer\":\"x\",\"department\":null",
                    "\"answer\":\"x\",\"tags\":[null,\"a\",null]", "\"answer\":\"x\",\"customer\":{\"id\":null,\"n\":[{\"m\":null}]}"))));
            kind("null protocol fields", 200, () -> sealedRaw("{\"version\":null,\"action\":\"INIT\",\"screen\":null,"
                    + "\"data\":null,\"flow_token\":\"fuzz-2\",\"flow_token_signature\":null}"));
            kind("data values of unexpected types", 200, () -> sealedRaw(formStep("\"answer\":"
                    + pick("42", "true", "[1,2]", "{\"a\":\"b\"}", "-0.0", "\"\""))));
            kind("protocol field of another type", 400, () -> sealedRaw(pick(
                    "{\"action\":7}", "{\"action\":\"INIT\",\"screen\":[1,2],\"flow_token\":\"fuzz-3\"}",
                    "{\"action\":\"INIT\",\"flow_token\":42}", "{\"action\":\"INIT\",\"version\":{},\"flow_token\":\"fuzz-3\"}")));
            kind("data that is not an object", 400, () -> sealedRaw("{\"action\":\"data_exchange\",\"screen\":\"FORM\","
                    + "\"flow_token\":\"fuzz-4\",\"data\":" + pick("\"text\"", "[1,2]", "5", "true") + "}"));
            kind("unknown action", 400, () -> sealedRaw("{\"action\":\"" + pick("navigate", "PING", "", "complete",
                    "DATA_EXCHANGE", "back") + "\",\"screen\":\"FORM\",\"flow_token\":\"fuzz-5\"}"));
            kind("data_exchange without screen", 400, () -> sealedRaw(
                    "{\"action\":\"data_exchange\",\"flow_token\":\"fuzz-5\",\"data\":{\"answer\":\"x\"}}"));
            kind("step without flow token", 427, () -> sealedRaw("{\"action\":\"" + pick("INIT", "BACK")
                    + "\",\"screen\":\"FORM\"}"));
            kind("huge numbers within JSON's reach", 200, () -> sealedRaw(formStep("\"answer\":\"n\",\"n\":"
                    + pick("123456789012345678901234567890", "1e308", "-1e-320", "9223372036854775808",
                    "0.000000000000000000000000000001"))));
            kind("number too large for a double", 400, () -> sealedRaw(formStep("\"answer\":\"n\",\"n\":1e"
                    + (400 + random.nextInt(5_000)))));
            kind("number longer than 64 digits", 400, () -> sealedRaw(formStep("\"answer\":\"n\",\"n\":"
                    + "9".repeat(65 + random.nextInt(100)))));
            kind("unicode escapes", 200, () -> sealedRaw(formStep("\"answer\":\"" + pick("caf\\u00e9",
                    "\\ud83d\\ude00 ok", "nul \\u0000 inside", "lone \\ud800 surrogate", "\\u202e reversed",
                    "\\\"quoted\\\" \\\\ back") + "\"")));
            kind("duplicate key in the payload", 400, () -> sealedRaw(pick(
                    "{\"action\":\"INIT\",\"action\":\"ping\",\"flow_token\":\"fuzz-6\"}",
                    "{\"action\":\"data_exchange\",\"screen\":\"FORM\",\"flow_token\":\"fuzz-6\","
                            + "\"data\":{\"answer\":\"a\",\"answer\":\"b\"}}")));
            kind("payload with 5,001 keys", 400, () -> sealedRaw(formStep("\"answer\":\"x\","
                    + flatMembers(5_001 + random.nextInt(200)))));
            kind("error notification without its key", 200, () -> sealedRaw("{\"action\":\"data_exchange\","
                    + "\"screen\":\"FORM\",\"flow_token\":\"fuzz-7\",\"data\":{\"error_message\":\"bad\"}}"));
        }

        List<String> kinds() {
            return kinds.stream().map(Kind::name).toList();
        }

        Case next() {
            Kind kind = kinds.get(random.nextInt(kinds.size()));
            return new Case(kind.name(), kind.body().get(), kind.expected());
        }

        private void kind(String name, int expected, Supplier<String> body) {
            kinds.add(new Kind(name, expected, () -> body.get().getBytes(StandardCharsets.UTF_8)));
        }

        private void rawKind(String name, int expected, Supplier<byte[]> body) {
            kinds.add(new Kind(name, expected, body));
        }

        /** Requests WhatsApp sends, all answered 200 in open token mode by the booking plugin. */
        private Map<String, Object> validPayload() {
            return switch (random.nextInt(4)) {
                case 0 -> payload("ping", null, null, null);
                case 1 -> payload("INIT", "", Map.of(), "fuzz-" + random.nextInt(100));
                case 2 -> payload("data_exchange", "FORM", Map.of("answer", junk()), "fuzz-" + random.nextInt(100));
                default -> payload("data_exchange", "S", Map.of("error", "payload-schema-error"), "fuzz-1");
            };
        }

        /** A FORM submit (answered with the CONFIRM screen) whose data members are {@code members}. */
        private String formStep(String members) {
            return "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"FORM\",\"flow_token\":\"fuzz-"
                    + random.nextInt(100) + "\",\"data\":{" + members + "}}";
        }

        private WhatsAppClient.SealedRequest sealed(Map<String, Object> payload) {
            return client.seal(payload);
        }

        private String sealedRaw(String plaintext) {
            return client.seal(plaintext.getBytes(StandardCharsets.UTF_8)).body();
        }

        private String flipBit(WhatsAppClient.SealedRequest sealed, String field) {
            byte[] decoded = Base64.getDecoder().decode(value(sealed, field));
            decoded[random.nextInt(decoded.length)] ^= (byte) (1 << random.nextInt(8));
            return sealed.bodyWith(field, Base64.getEncoder().encodeToString(decoded));
        }

        private String flipTagBit() {
            var sealed = sealed(validPayload());
            byte[] decoded = Base64.getDecoder().decode(sealed.encryptedFlowData());
            decoded[decoded.length - 1 - random.nextInt(16)] ^= (byte) (1 << random.nextInt(8));
            return sealed.bodyWith("encrypted_flow_data", Base64.getEncoder().encodeToString(decoded));
        }

        private static String value(WhatsAppClient.SealedRequest sealed, String field) {
            return switch (field) {
                case "encrypted_flow_data" -> sealed.encryptedFlowData();
                case "encrypted_aes_key" -> sealed.encryptedAesKey();
                default -> sealed.initialVector();
            };
        }

        private String field() {
            return pick("encrypted_flow_data", "encrypted_aes_key", "initial_vector");
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }

        /** {@code "k0":0,"k1":0,...}: two tokens per member in as few bytes as JSON allows. */
        private static String flatMembers(int count) {
            var members = new StringBuilder(count * 8);
            for (int i = 0; i < count; i++) {
                members.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
            }
            return members.toString();
        }

        /** Printable text that base64 refuses (it always holds a character outside the alphabet). */
        private String notBase64() {
            return junkPrintable() + pick("!", "*", "-", "_", "~", " ", "é");
        }

        private String junkPrintable() {
            var text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append((char) (32 + random.nextInt(95)));
            }
            return text.toString().replace("\\", "").replace("\"", "");
        }

        /** Text of any kind the JSON writer escapes properly: what a user might type, and worse. */
        private String junk() {
            var text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
            }
            return text.toString();
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }
    }
}
