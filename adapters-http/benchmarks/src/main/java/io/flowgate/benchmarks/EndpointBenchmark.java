package io.flowgate.benchmarks;

import io.flowgate.core.domain.EndpointRequest;
import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.storage.memory.MemoryStateStore;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.service.FlowEndpointService;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.FlowEnvelopeCipher;
import io.flowgate.crypto.HubSignatureVerifier;
import io.flowgate.examples.appointment.AppointmentFlow;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.testkit.WhatsAppClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The request path without HTTP: read the envelope JSON, decrypt (RSA-OAEP unwrap + AES-GCM), classify, run the appointment
 * plugin's INIT, write JSON, encrypt with the flipped IV. {@code rsaUnwrapOnly}-style floors come from
 * {@link #pingPath}: a ping skips the plugin, so the gap to {@link #initPath} is the plugin and JSON work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class EndpointBenchmark {

    private static final int DISTINCT_REQUESTS = 256;

    @Param({"native", "jdk"})
    public String provider;

    private FlowEndpointService endpoint;
    private EndpointRequest[] initRequests;
    private EndpointRequest[] pingRequests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        var choice = CryptoProviders.choose(CryptoProviders.Preference.parse(provider));
        EnvelopeCipher cipher = new FlowEnvelopeCipher(List.of((RSAPrivateCrtKey) pair.getPrivate()), choice.provider());
        var plugin = new AppointmentFlow();
        FlowPluginCatalog catalog = flowId -> flowId.equals(new FlowId("appointment")) ? Optional.of(plugin) : Optional.empty();
        // Open mode over the memory store: the first INIT of each token creates its session, later ones only read it.
        var tokens = new TokenPolicy(TokenPolicy.Mode.OPEN, Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1),
                "expired", Map.of());
        var json = new JacksonJsonCodec();
        var noSecrets = new HubSignatureVerifier(List.of());
        endpoint = new FlowEndpointService(catalog, noSecrets, cipher, json, new FlowRequestService(catalog,
                new MemoryStateStore(), tokens, Clock.systemUTC(), noSecrets, json, new io.flowgate.core.service.PluginCalls(64)));

        var client = new WhatsAppClient(URI.create("http://unused"), (RSAPublicKey) pair.getPublic());
        initRequests = new EndpointRequest[DISTINCT_REQUESTS];
        pingRequests = new EndpointRequest[DISTINCT_REQUESTS];
        for (int i = 0; i < DISTINCT_REQUESTS; i++) {
            initRequests[i] = envelope(client.seal(WhatsAppClient.payload("INIT", "", Map.of(), "token-" + i)));
            pingRequests[i] = envelope(client.seal(WhatsAppClient.payload("ping", null, null, null)));
        }
        EndpointReply check = endpoint.serve(initRequests[0]);
        if (check.status() != EndpointStatus.OK) {
            throw new IllegalStateException("the benchmark setup is broken: " + check);
        }
    }

    @Benchmark
    public EndpointReply initPath() {
        return endpoint.serve(initRequests[next++ & (DISTINCT_REQUESTS - 1)]);
    }

    @Benchmark
    public EndpointReply pingPath() {
        return endpoint.serve(pingRequests[next++ & (DISTINCT_REQUESTS - 1)]);
    }

    private static EndpointRequest envelope(WhatsAppClient.SealedRequest sealed) {
        return new EndpointRequest("bench", "appointment", sealed.body().getBytes(StandardCharsets.UTF_8), null,
                // Prepared once and replayed for the whole run, so its deadline must outlast the run.
                io.flowgate.core.domain.Deadline.in(Duration.ofDays(365)));
    }
}
