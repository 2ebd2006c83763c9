package io.flowgate.testkit;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.RequestSignatures;
import io.flowgate.core.service.AnswerValidation;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.core.service.PluginCalls;
import io.flowgate.core.service.TokenService;
import io.flowgate.flowjson.Compilation;
import io.flowgate.flowjson.Finding;
import io.flowgate.flowjson.FlowJsonCompiler;
import io.flowgate.flowjson.ResponseChecker;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.MediaAccess;
import io.flowgate.storage.memory.MemoryStateStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Drives a plugin in-process, one user's run of the flow, through the server's own step logic: a flow token
 * issued as the admin API issues it, sessions in the memory store, and every answer checked against the
 * plugin's Flow JSON in enforce mode. No HTTP and no encryption, so a step costs microseconds.
 *
 * <pre>{@code
 * FlowTester flow = FlowTester.of(new FeedbackFlow());          // reads flow.json from the class path
 * flow.init().assertScreen("RATE");
 * flow.submit("RATE", Map.of("comment", "")).assertErrorMessage("Please tell us why.");
 * flow.submit("RATE", Map.of("comment", "Great")).assertCompleted().assertParam("comment", "Great");
 * }</pre>
 *
 * <p>An answer that breaks the Flow JSON (a screen the routing model does not allow, data of the wrong type,
 * a declared key missing) fails the step with an {@link AssertionError} carrying the server's exact finding,
 * e.g. {@code ERROR DATA_TYPE at /data/slots/3/id: ...}. So does a plugin that throws (the exception is the
 * cause) or takes longer than the request deadline.
 */
public final class FlowTester implements AutoCloseable {

    /** The resource a plugin jar carries its Flow JSON as, and where the tester looks by default. */
    public static final String FLOW_JSON_RESOURCE = "flow.json";

    private final FlowId flowId;
    private final FlowRequestService host;
    private final MemoryStateStore store;
    private final PluginCalls calls;
    private final TesterJson json;
    private final Duration deadline;
    private final List<Finding> flowJsonWarnings;
    private final String flowToken;

    private FlowTester(Builder builder, FlowId flowId, ResponseChecker checker, List<Finding> warnings) {
        this.flowId = flowId;
        this.json = builder.json;
        this.deadline = builder.deadline;
        this.flowJsonWarnings = warnings;
        this.store = new MemoryStateStore();
        this.calls = new PluginCalls(1);
        FlowPlugin plugin = builder.plugin;
        FlowPluginCatalog catalog = id -> id.equals(flowId) ? Optional.of(plugin) : Optional.empty();
        var policy = new TokenPolicy(TokenPolicy.Mode.STRICT, Duration.ofHours(24), Duration.ofDays(30),
                Duration.ofHours(24), "This form is no longer available. Please ask us for a new one.", Map.of());
        var answers = new AnswerValidation(Map.of(flowId,
                new AnswerValidation.FlowRules(checker, AnswerValidation.Mode.ENFORCE)));
        this.host = new FlowRequestService(catalog, store, policy, Clock.systemUTC(), NO_SIGNATURES, json, calls,
                builder.media, answers);
        try {
            this.flowToken = new TokenService(catalog, store, policy, Clock.systemUTC())
                    .issue(flowId.value(), builder.waId, Optional.empty(), builder.context).flowToken();
        } catch (IssueFlowToken.InvalidTokenRequestException | io.flowgate.core.port.in.UnknownFlowException e) {
            throw new IllegalArgumentException("the token for the test could not be issued: " + e.getMessage(), e);
        }
    }

    /** The plugin with the Flow JSON found as the class-path resource {@code flow.json}. */
    public static FlowTester of(FlowPlugin plugin) {
        return builder(plugin).build();
    }

    /** The plugin with the Flow JSON in {@code flowJson}, e.g. {@code src/main/resources/flow.json}. */
    public static FlowTester of(FlowPlugin plugin, Path flowJson) {
        return builder(plugin).flowJson(flowJson).build();
    }

    public static Builder builder(FlowPlugin plugin) {
        return new Builder(plugin);
    }

    /** The first request of the flow, when the user opens it. */
    public FlowAnswer init() {
        return send("INIT", "", Map.of());
    }

    /** The user submits {@code screen} with {@code data} (the {@code data_exchange} action). */
    public FlowAnswer submit(String screen, Map<String, ?> data) {
        return dataExchange(screen, data);
    }

    /** The {@code data_exchange} action, as the Flow JSON names it; the same as {@link #submit}. */
    public FlowAnswer dataExchange(String screen, Map<String, ?> data) {
        return send("data_exchange", screen, data);
    }

    /** The user goes back from {@code screen} (to a screen with {@code refresh_on_back}). */
    public FlowAnswer back(String screen) {
        return send("BACK", screen, Map.of());
    }

    /** The flow token this run uses, as the plugin sees it in {@code request.flowToken()}. */
    public String flowToken() {
        return flowToken;
    }

    /** What the plugin has {@code put} into the session so far, as stored. */
    public Map<String, Object> session() {
        return stored().data();
    }

    /** Whether the flow has completed (a {@code SUCCESS} answer closes the session, as in the server). */
    public boolean completed() {
        return stored().isCompleted();
    }

    /** The lint findings of the Flow JSON (the server logs them once at startup). */
    public List<Finding> flowJsonWarnings() {
        return flowJsonWarnings;
    }

    @Override
    public void close() {
        calls.close();
    }

    private SessionRecord stored() {
        return store.find(flowToken).orElseThrow(() -> new IllegalStateException("the session is gone"));
    }

    private FlowAnswer send(String action, String screen, Map<String, ?> data) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(data, "data (use Map.of() for none)");
        var payload = new LinkedHashMap<String, Object>();
        payload.put("version", "3.0");
        payload.put("action", action);
        if (!screen.isEmpty()) {
            payload.put("screen", screen);
        }
        payload.put("data", data);
        payload.put("flow_token", flowToken);
        String step = action + (screen.isEmpty() ? "" : " from screen \"" + screen + "\"");
        ReplyPayload reply;
        try {
            reply = host.handle(flowId, json.roundTrip(payload), Deadline.in(deadline));
        } catch (PluginFailureException e) {
            // The enforce-mode message names the finding (code, JSON pointer, fix); a plugin's own exception is the cause.
            throw new AssertionError(e.getMessage(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("flow " + flowId + ": the server would refuse " + step + ": " + e.getMessage(), e);
        }
        return new FlowAnswer(step, reply.status().httpStatus(), json.roundTrip(reply.json()));
    }

    /** How to build a {@link FlowTester}; every setting has a default. */
    public static final class Builder {
        private final FlowPlugin plugin;
        private final TesterJson json = new TesterJson();
        private Path flowJsonFile;
        private String waId = "447700900123";
        private Map<String, Object> context = Map.of();
        private MediaAccess media = MediaAccess.NONE;
        private Duration deadline = Duration.ofSeconds(8);

        private Builder(FlowPlugin plugin) {
            this.plugin = Objects.requireNonNull(plugin, "plugin");
        }

        /** The Flow JSON file; default: the class-path resource {@code flow.json}. */
        public Builder flowJson(Path file) {
            this.flowJsonFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The user's WhatsApp id the token is issued for; default {@code 447700900123}. */
        public Builder waId(String waId) {
            this.waId = Objects.requireNonNull(waId, "waId");
            return this;
        }

        /** The context the business attaches when it issues the token ({@code session().context()}); default none. */
        public Builder context(Map<String, ?> context) {
            this.context = Map.copyOf(context);
            return this;
        }

        /** How {@code request.media(field)} fetches uploads; default: it fails, as nothing can be downloaded. */
        public Builder media(MediaAccess media) {
            this.media = Objects.requireNonNull(media, "media");
            return this;
        }

        /** The time each step may take; default 8 s, the server's {@code flowgate.request.deadline}. */
        public Builder deadline(Duration deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        public FlowTester build() {
            String id = plugin.flowId();
            if (!FlowId.isValid(id)) {
                throw new IllegalArgumentException(plugin.getClass().getName() + " declares flow id \"" + id
                        + "\"; a flow id is 1 to 64 letters, digits, '-' or '_'");
            }
            Source source = flowJsonFile == null ? resource(plugin) : file(flowJsonFile);
            Map<String, Object> parsed;
            try {
                parsed = json.readObject(source.bytes());
            } catch (JsonCodec.MalformedJsonException e) {
                throw new IllegalArgumentException(source.name() + " is not valid JSON: " + e.getMessage(), e);
            }
            Compilation compilation = FlowJsonCompiler.compile(parsed);
            if (!compilation.errors().isEmpty()) {
                throw new AssertionError(source.name() + " (flow \"" + id + "\") is not a Flow JSON the WhatsApp"
                        + " client can run:\n  " + compilation.errors().stream().map(Finding::toString)
                        .collect(Collectors.joining("\n  ")));
            }
            return new FlowTester(this, new FlowId(id), new ResponseChecker(compilation.flow().orElseThrow()),
                    compilation.warnings());
        }

        private record Source(String name, byte[] bytes) {
        }

        private static Source resource(FlowPlugin plugin) {
            ClassLoader loader = plugin.getClass().getClassLoader();
            URL url = loader == null ? null : loader.getResource(FLOW_JSON_RESOURCE);
            if (url == null) {
                throw new IllegalArgumentException("no " + FLOW_JSON_RESOURCE + " on the class path of "
                        + plugin.getClass().getName() + ": put the Flow JSON into src/main/resources/"
                        + FLOW_JSON_RESOURCE + ", or name its file with FlowTester.builder(plugin).flowJson(path)");
            }
            try (InputStream in = url.openStream()) {
                return new Source(url.toString(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(url + " cannot be read", e);
            }
        }

        private static Source file(Path file) {
            try {
                return new Source(file.toAbsolutePath().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(file.toAbsolutePath() + " cannot be read", e);
            }
        }
    }

    /** The tester checks no signatures: there is no app secret in-process. */
    private static final RequestSignatures NO_SIGNATURES = new RequestSignatures() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public OptionalInt matchingSecret(byte[] body, String header) {
            return OptionalInt.empty();
        }

        @Override
        public Optional<byte[]> verifiedJwtPayload(String jwt) {
            return Optional.empty();
        }
    };
}
