package io.flowgate.core.service;

import io.flowgate.core.domain.EndpointRequest;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeDecryptionException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.junit.jupiter.api.Test;

import io.flowgate.core.domain.TokenPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FlowEndpointServiceTest {

    /** Far enough away that no test meets it, except where a test says otherwise. */
    private static final io.flowgate.core.domain.Deadline SOON =
            io.flowgate.core.domain.Deadline.in(java.time.Duration.ofMinutes(10));

    private static final byte[] ENVELOPE = "{\"encrypted_flow_data\":\"data\",\"encrypted_aes_key\":\"key\",\"initial_vector\":\"iv\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final AtomicInteger decryptions = new AtomicInteger();

    private final FlowPlugin plugin = new FlowPlugin() {
        @Override
        public String flowId() {
            return "demo";
        }

        @Override
        public FlowResponse handle(FlowRequest request) {
            if (request.screen().equals("BOOM")) {
                throw new IllegalStateException("boom");
            }
            return FlowResponse.screen("NEXT", Map.of());
        }
    };
    private final FlowPluginCatalog catalog = flowId -> flowId.equals(new FlowId("demo")) ? Optional.of(plugin) : Optional.empty();

    @Test
    void unknownFlowsAreRefusedBeforeTheExpensiveDecryption() {
        var reply = service(cipherReturning("{}")).serve(request("other"));

        assertThat(reply.status()).isEqualTo(EndpointStatus.UNKNOWN_FLOW);
        assertThat(reply.body()).isEqualTo("No plugin serves flow other.");
        assertThat(decryptions).hasValue(0);
    }

    @Test
    void aFlowIdThatCannotBeOneIsNotEchoed() {
        var reply = service(cipherReturning("{}")).serve(request("../../etc/passwd"));

        assertThat(reply.status()).isEqualTo(EndpointStatus.UNKNOWN_FLOW);
        assertThat(reply.body()).doesNotContain("passwd");
    }

    @Test
    void theSealedAnswerOfAStepIsReturned() {
        var reply = service(cipherReturning("{\"action\":\"INIT\",\"flow_token\":\"t\"}")).serve(request("demo"));

        assertThat(reply.status()).isEqualTo(EndpointStatus.OK);
        assertThat(reply.body()).isEqualTo("sealed:{screen=NEXT, data={}}");
    }

    @Test
    void eachFailureHasItsStatus() {
        EnvelopeCipher undecryptable = envelope -> {
            throw new EnvelopeDecryptionException("bad tag");
        };
        EnvelopeCipher overloaded = envelope -> {
            throw new CryptoOverloadedException("full");
        };

        assertThat(service(undecryptable).serve(request("demo")).status()).isEqualTo(EndpointStatus.DECRYPTION_FAILED);
        assertThat(service(overloaded).serve(request("demo")).status()).isEqualTo(EndpointStatus.OVERLOADED);
        assertThat(service(cipherReturning("not json")).serve(request("demo")).status()).isEqualTo(EndpointStatus.BAD_REQUEST);
        assertThat(service(cipherReturning("{\"action\":\"jump\"}")).serve(request("demo")).status())
                .isEqualTo(EndpointStatus.BAD_REQUEST);
        assertThat(service(cipherReturning("{\"action\":\"data_exchange\",\"screen\":\"BOOM\",\"flow_token\":\"t\"}")).serve(request("demo"))
                .status()).isEqualTo(EndpointStatus.HANDLER_FAILED);
    }

    @Test
    void theOpenedEnvelopeIsClosedOnceWhateverBecomesOfTheRequest() {
        Map<String, String> payloads = new java.util.LinkedHashMap<>();
        payloads.put("answered", "{\"action\":\"INIT\",\"flow_token\":\"t\"}");
        payloads.put("not JSON", "not json");
        payloads.put("not a flow request", "{\"action\":\"jump\"}");
        payloads.put("plugin failure", "{\"action\":\"data_exchange\",\"screen\":\"BOOM\",\"flow_token\":\"t\"}");
        payloads.forEach((kind, payload) -> {
            var opened = new Opened(payload.getBytes(StandardCharsets.UTF_8));

            service(envelope -> opened).serve(request("demo"));

            assertThat(opened.closes).as(kind).isEqualTo(1);
        });
        var afterUnexpectedFailure = new Opened("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        new FlowEndpointService(catalog, NoSignatures.off(), envelope -> afterUnexpectedFailure, new ToyJson(),
                (flowId, payload, deadline) -> {
                    throw new IllegalStateException("store down");
                }).serve(request("demo"));
        assertThat(afterUnexpectedFailure.closes).isEqualTo(1);
    }

    @Test
    void theDecryptedPayloadIsWipedAfterUse() {
        byte[] plaintext = "{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        EnvelopeCipher cipher = envelope -> opened(plaintext);

        service(cipher).serve(request("demo"));

        assertThat(plaintext).containsOnly((byte) 0);
    }

    @Test
    void anUnexpectedExceptionInAnyStageIsA500WithOneErrorLineThatNamesItsTypeButNotItsMessage() {
        HandleFlowRequest handled = (flowId, payload, deadline) -> ReplyPayload.healthy();
        var storeDown = new IllegalStateException("INSERT failed for value 'Ada Lovelace'");
        Map<String, FlowEndpointService> services = new java.util.LinkedHashMap<>();
        services.put("plugin lookup", new FlowEndpointService(flowId -> {
            throw storeDown;
        }, NoSignatures.off(), cipherReturning("{}"), new ToyJson(), handled));
        services.put("signature", new FlowEndpointService(catalog, new NoSignatures.Throwing(storeDown),
                cipherReturning("{}"), new ToyJson(), handled));
        services.put("envelope", new FlowEndpointService(catalog, NoSignatures.off(), cipherReturning("{}"),
                new ToyJson() {
                    @Override
                    public Map<String, Object> readObject(byte[] utf8Json) {
                        throw storeDown;
                    }
                }, handled));
        services.put("decryption", new FlowEndpointService(catalog, NoSignatures.off(), envelope -> {
            throw storeDown;
        }, new ToyJson(), handled));
        services.put("handler", new FlowEndpointService(catalog, NoSignatures.off(), cipherReturning("{}"),
                new ToyJson(), (flowId, payload, deadline) -> {
                    throw storeDown;
                }));
        services.put("linkage", new FlowEndpointService(catalog, NoSignatures.off(), cipherReturning("{}"),
                new ToyJson(), (flowId, payload, deadline) -> {
                    throw new NoClassDefFoundError("com/example/Missing");
                }));
        services.put("sealing", new FlowEndpointService(catalog, NoSignatures.off(),
                envelope -> new Opened("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8)) {
                    @Override
                    public String sealResponse(byte[] responsePlaintext) {
                        throw storeDown;
                    }
                }, new ToyJson(), handled));

        try (var log = CapturedLog.of(FlowEndpointService.class)) {
            services.forEach((stage, service) -> {
                var reply = service.serve(new EndpointRequest("req-" + stage.replace(' ', '-'), "demo", ENVELOPE, null, SOON));

                assertThat(reply.status()).as(stage).isEqualTo(EndpointStatus.INTERNAL_ERROR);
                assertThat(reply.status().httpStatus()).isEqualTo(500);
                assertThat(reply.body()).as(stage).doesNotContain("Ada", "Exception");
            });

            assertThat(log.lines()).hasSize(services.size()).allSatisfy(line -> {
                assertThat(line).startsWith("ERROR req=req-").contains("status=500", "unexpected failure while")
                        .doesNotContain("Ada Lovelace", "com/example/Missing");
            });
            assertThat(log.lines().get(0)).contains("java.lang.IllegalStateException at io.flowgate.");
            assertThat(log.lines().get(5)).contains("java.lang.NoClassDefFoundError", "while handling the decrypted request");
            assertThat(log.lines().get(6)).contains("while encrypting the response");
        }
    }

    private static EndpointRequest request(String flowId) {
        return new EndpointRequest("r1", flowId, ENVELOPE, null, SOON);
    }

    @Test
    void aMissingOrWrongSignatureIs432BeforeAnyDecryption() {
        var signed = new FlowEndpointService(catalog, NoSignatures.acceptingOnlyGood(), cipherReturning("{\"action\":\"ping\"}"),
                new ToyJson(), new FlowRequestService(catalog, new FakeSessions(), OPEN, Clock.systemUTC(),
                NoSignatures.off(), new ToyJson(), new PluginCalls(8)));

        assertThat(signed.serve(new EndpointRequest("r", "demo", ENVELOPE, null, SOON)).status()).isEqualTo(EndpointStatus.SIGNATURE_INVALID);
        assertThat(signed.serve(new EndpointRequest("r", "demo", ENVELOPE, "bad", SOON)).status()).isEqualTo(EndpointStatus.SIGNATURE_INVALID);
        assertThat(decryptions).hasValue(0);
        assertThat(signed.serve(new EndpointRequest("r", "demo", ENVELOPE, "good", SOON)).status()).isEqualTo(EndpointStatus.OK);
    }

    @Test
    void bodiesThatAreNotTheEnvelopeAre400WithAReason() {
        var service = service(cipherReturning("{}"));

        var empty = service.serve(new EndpointRequest("r", "demo", new byte[0], null, SOON));
        var missing = service.serve(new EndpointRequest("r", "demo", "{\"encrypted_flow_data\":\"x\"}".getBytes(StandardCharsets.UTF_8), null, SOON));

        assertThat(empty.status()).isEqualTo(EndpointStatus.BAD_REQUEST);
        assertThat(empty.body()).isEqualTo("the request body is empty; expected the encrypted envelope JSON");
        assertThat(missing.body()).isEqualTo("the envelope has no \"encrypted_aes_key\"");
        assertThat(decryptions).hasValue(0);
    }

    private static final TokenPolicy OPEN = new TokenPolicy(TokenPolicy.Mode.OPEN, Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1), "expired", Map.of());

    private FlowEndpointService service(EnvelopeCipher cipher) {
        return new FlowEndpointService(catalog, NoSignatures.off(), cipher, new ToyJson(),
                new FlowRequestService(catalog, new FakeSessions(), OPEN, Clock.systemUTC(), NoSignatures.off(),
                        new ToyJson(), new PluginCalls(8)));
    }

    private EnvelopeCipher cipherReturning(String json) {
        return envelope -> {
            decryptions.incrementAndGet();
            return opened(json.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static EnvelopeCipher.OpenedEnvelope opened(byte[] plaintext) {
        return new Opened(plaintext);
    }

    /** An opened envelope that "seals" by prefixing the plaintext. */
    private static class Opened implements EnvelopeCipher.OpenedEnvelope {
        private final byte[] plaintext;

        Opened(byte[] plaintext) {
            this.plaintext = plaintext;
        }

        @Override
        public byte[] plaintext() {
            return plaintext;
        }

        int closes;

        @Override
        public String sealResponse(byte[] responsePlaintext) {
            return "sealed:" + new String(responsePlaintext, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** Just enough JSON for these tests: flat objects of strings, and Map.toString for output. */
    private static class ToyJson implements JsonCodec {
        @Override
        public Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException {
            String text = new String(utf8Json, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("{") || !text.endsWith("}")) {
                throw new MalformedJsonException("not an object");
            }
            var result = new java.util.LinkedHashMap<String, Object>();
            String body = text.substring(1, text.length() - 1).strip();
            if (!body.isEmpty()) {
                for (String pair : body.split(",")) {
                    String[] kv = pair.split(":", 2);
                    result.put(unquote(kv[0]), unquote(kv[1]));
                }
            }
            return result;
        }

        @Override
        public byte[] writeObject(Map<String, Object> object) {
            return object.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static String unquote(String s) {
            return s.strip().replaceAll("^\"|\"$", "");
        }
    }
}
