package io.flowgate.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole appointment flow under load, as many WhatsApp users at once would play it against two instances
 * sharing one store: INIT, the APPOINTMENT and DETAILS submits (two data_exchange steps), the SUMMARY submit
 * that completes the flow, and Meta's completion webhook (an {@code nfm_reply} carrying the flow token). Every
 * step of a user goes to the other instance than the step before, so each one reads what the other saved.
 *
 * <p>Then it checks that nothing was lost or applied twice: every step must have answered 200 with the screen
 * the flow goes to next; a sample of completions replayed must be refused (427: the session is completed);
 * a sample of webhooks posted a second time must not be delivered again; and the admin API must list
 * exactly one delivered completion per user, none pending or failed.
 *
 * <p>Unlike {@link LoadRequests} the client encrypts here (RSA public-key operation, AES-GCM), on the same
 * cores as the servers: its CPU is part of the figure, which is why it is reported as a ratio to the RSA rate
 * and not next to the ping figures.
 *
 * <p>Usage: {@code FlowLoad <public-key.pem> <url,url> <management-url,management-url> <admin-token>
 * <app-secret> <users> <concurrency>}
 */
public final class FlowLoad {

    private static final String FLOW = "appointment";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLAYED = 50;

    /** The steps a user takes, in order; the webhook is Meta's, not the user's, but it is part of each flow. */
    enum Step { INIT, APPOINTMENT, DETAILS, COMPLETE, WEBHOOK }

    private final List<WhatsAppClient> instances;
    private final List<URI> publicUris;
    private final AdminClient admin;
    private final URI management;
    private final String adminToken;
    private final String appSecret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Step, ConcurrentLinkedQueue<Long>> latencies = new EnumMap<>(Step.class);
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    /** Each completed user's flow token, by user number. */
    private final Map<Integer, String> completedTokens = new ConcurrentHashMap<>();
    private final AtomicInteger steps = new AtomicInteger();

    private FlowLoad(List<URI> publicUris, URI management, String adminToken, String appSecret, Path publicKey)
            throws Exception {
        var key = WhatsAppClient.publicKeyFromPem(Files.readString(publicKey));
        this.publicUris = publicUris;
        this.instances = publicUris.stream().map(uri -> new WhatsAppClient(uri, key).signingWith(appSecret)).toList();
        this.management = management;
        this.adminToken = adminToken;
        this.appSecret = appSecret;
        this.admin = new AdminClient(management, adminToken);
        for (Step step : Step.values()) {
            latencies.put(step, new ConcurrentLinkedQueue<>());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: FlowLoad <public-key.pem> <url,url> <management-url,...>"
                    + " <admin-token> <app-secret> <users> <concurrency>");
        }
        List<URI> urls = Arrays.stream(args[1].split(",")).map(URI::create).toList();
        URI management = URI.create(args[2].split(",")[0]);
        var load = new FlowLoad(urls, management, args[3], args[4], Path.of(args[0]));
        int users = Integer.parseInt(args[5]);
        int concurrency = Integer.parseInt(args[6]);
        // By time, not by users: each instance sees half the steps, and after 1,000 warm-up users (about 20 s) a
        // profile still put a third of the servers' CPU in the C2 compiler (docs/benchmarks.md). A server runs
        // for days; what it costs per step once compiled is the figure.
        load.warmUp(warmUpTime(), concurrency);
        load.run(users, concurrency);
    }

    /** The servers' process ids (BENCH_SERVER_PIDS, comma-separated), to read their CPU time from /proc. */
    private static List<Long> serverPids() {
        String pids = System.getenv().getOrDefault("BENCH_SERVER_PIDS", "");
        return pids.isBlank() ? List.of() : Arrays.stream(pids.split(",")).map(String::strip).map(Long::parseLong).toList();
    }

    /** BENCH_FLOW_WARMUP_SECONDS, 90 by default: the servers compile for about 80 s under this load. */
    private static Duration warmUpTime() {
        return Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_FLOW_WARMUP_SECONDS", "90")));
    }

    private void warmUp(Duration time, int concurrency) throws Exception {
        long until = System.nanoTime() + time.toNanos();
        play(Integer.MAX_VALUE, concurrency, "warmup", () -> System.nanoTime() < until);
        for (Step step : Step.values()) {
            latencies.get(step).clear();
        }
        failures.clear();
        completedTokens.clear();
        steps.set(0);
    }

    private void run(int users, int concurrency) throws Exception {
        List<Long> servers = serverPids();
        double serverCpuBefore = ProcessCpu.seconds(servers);
        double clientCpuBefore = ProcessCpu.ownSeconds();
        long started = System.nanoTime();
        play(users, concurrency, "user", () -> true);
        double seconds = (System.nanoTime() - started) / 1e9;
        double serverCpu = ProcessCpu.seconds(servers) - serverCpuBefore;
        double clientCpu = ProcessCpu.ownSeconds() - clientCpuBefore;
        int measuredSteps = steps.get();
        int lost = failures.size();
        // Checked after the timed part: replays and duplicate webhooks are not load, they are the proof.
        int replaysAccepted = replayCompletions();
        int duplicatesSent = resendWebhooks(users);
        Deliveries deliveries = awaitDeliveries(users, Duration.ofSeconds(120));
        double deliveredSeconds = (deliveries.lastSeen() - started) / 1e9;
        for (String failure : failures.stream().limit(5).toList()) {
            System.out.println("failure: " + failure);
        }
        var line = new StringBuilder("FLOW users=").append(users).append(" concurrency=").append(concurrency)
                .append(" seconds=").append(String.format("%.1f", seconds))
                .append(" steps=").append(steps.get())
                .append(" steps_per_second=").append(String.format("%.0f", steps.get() / seconds))
                .append(" server_cpu_us_per_step=").append(String.format("%.0f", servers.isEmpty() ? 0 : serverCpu * 1e6 / measuredSteps))
                .append(" client_cpu_us_per_step=").append(String.format("%.0f", clientCpu * 1e6 / measuredSteps))
                .append(" completions_per_second=").append(String.format("%.0f", deliveries.delivered() / deliveredSeconds))
                .append(" lost=").append(lost)
                .append(" replays_accepted=").append(replaysAccepted)
                .append(" duplicate_webhooks=").append(duplicatesSent)
                .append(" delivered=").append(deliveries.delivered())
                .append(" delivered_twice=").append(deliveries.twice())
                .append(" pending=").append(deliveries.pending())
                .append(" failed=").append(deliveries.failed());
        for (Step step : Step.values()) {
            long[] sorted = latencies.get(step).stream().mapToLong(Long::longValue).sorted().toArray();
            line.append(' ').append(step.name().toLowerCase()).append("_p50_ms=").append(percentile(sorted, 50))
                    .append(' ').append(step.name().toLowerCase()).append("_p99_ms=").append(percentile(sorted, 99));
        }
        System.out.println(line);
    }

    /** Plays users 0 to {@code users - 1}, {@code concurrency} at once, starting new ones while {@code more}. */
    private void play(int users, int concurrency, String prefix, java.util.function.BooleanSupplier more)
            throws Exception {
        var next = new AtomicInteger();
        try (ExecutorService players = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().factory())) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < concurrency; p++) {
                running.add(players.submit(() -> {
                    for (int user = next.getAndIncrement(); user < users && more.getAsBoolean();
                         user = next.getAndIncrement()) {
                        try {
                            playOne(prefix + "-" + user, user);
                        } catch (RuntimeException e) {
                            failures.add(prefix + "-" + user + ": " + e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> player : running) {
                player.get();
            }
        }
    }

    /** One user through the flow; any answer other than the expected one counts the user as lost. */
    @SuppressWarnings("unchecked")
    private void playOne(String user, int index) {
        String token = admin.issueToken(FLOW, "4479" + String.format("%08d", index), "PT2H", null).flowToken();
        var init = step(Step.INIT, index, WhatsAppClient.payload("INIT", "", Map.of(), token), "APPOINTMENT");
        String date = (String) ((List<Map<String, Object>>) init.data().get("dates")).getFirst().get("id");
        var answers = new LinkedHashMap<String, Object>();
        answers.put("department", "general");
        answers.put("location", "downtown");
        answers.put("date", date);
        answers.put("time", "09:00");
        step(Step.APPOINTMENT, index, WhatsAppClient.payload("data_exchange", "APPOINTMENT", answers, token), "DETAILS");
        answers.put("name", "Bench " + user);
        answers.put("email", user + "@example.com");
        answers.put("phone", "+44 7700 900" + String.format("%03d", index % 1000));
        step(Step.DETAILS, index, WhatsAppClient.payload("data_exchange", "DETAILS", answers, token), "SUMMARY");
        step(Step.COMPLETE, index, WhatsAppClient.payload("data_exchange", "SUMMARY", answers, token), "SUCCESS");
        completedTokens.put(index, token);
        long started = System.nanoTime();
        int status = postWebhook(index, messageId(user), token);
        latencies.get(Step.WEBHOOK).add(System.nanoTime() - started);
        if (status != 200) {
            throw new IllegalStateException("webhook: HTTP " + status);
        }
        steps.incrementAndGet();
    }

    private WhatsAppClient.Reply step(Step step, int user, Map<String, Object> payload, String expectedScreen) {
        long started = System.nanoTime();
        var reply = instances.get((user + step.ordinal()) % instances.size()).send(FLOW, payload);
        latencies.get(step).add(System.nanoTime() - started);
        if (reply.status() != 200 || !expectedScreen.equals(reply.screen())) {
            throw new IllegalStateException(step + ": HTTP " + reply.status() + ", expected screen " + expectedScreen
                    + (reply.status() == 200 ? ", got " + reply.screen() : ""));
        }
        steps.incrementAndGet();
        return reply;
    }

    private static String messageId(String user) {
        return "wamid.bench-" + user;
    }

    private int postWebhook(int user, String messageId, String flowToken) {
        String response = "{\\\"flow_token\\\":\\\"" + flowToken + "\\\"}";
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","metadata":{"phone_number_id":"PNID"},
                "contacts":[{"profile":{"name":"Bench"},"wa_id":"4479%08d"}],
                "messages":[{"context":{"from":"15550001111","id":"wamid.flow-%d"},"from":"4479%08d","id":"%s",
                "timestamp":"1764072000","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{
                "name":"flow","body":"Sent","response_json":"%s"}}}]}}]}]}
                """.formatted(user, user, user, messageId, response);
        var request = HttpRequest.newBuilder(publicUris.get((user + Step.WEBHOOK.ordinal()) % publicUris.size())
                        .resolve("/webhook"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WhatsAppClient.hubSignature(appSecret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("webhook: " + e.getMessage(), e);
        }
    }

    /** A completed session must refuse its completing step a second time; returns how many did not. */
    private int replayCompletions() {
        int accepted = 0;
        List<String> sample = completedTokens.values().stream().limit(REPLAYED).toList();
        for (int i = 0; i < sample.size(); i++) {
            var payload = WhatsAppClient.payload("data_exchange", "SUMMARY", Map.of("name", "again"), sample.get(i));
            if (instances.get(i % instances.size()).send(FLOW, payload).status() != 427) {
                accepted++;
            }
        }
        return accepted;
    }

    /** Meta delivers webhooks at least once: a sample is posted again, and must not be delivered twice. */
    private int resendWebhooks(int users) {
        int sent = 0;
        for (int user = 0; user < Math.min(users, REPLAYED); user++) {
            String token = completedTokens.get(user);
            if (token != null && postWebhook(user, messageId("user-" + user), token) == 200) {
                sent++;
            }
        }
        return sent;
    }

    private record Deliveries(int delivered, int twice, int pending, int failed, long lastSeen) {
    }

    /** Polls the admin API until every completion is delivered (or the timeout), then counts each state. */
    private Deliveries awaitDeliveries(int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> delivered;
        long lastSeen;
        do {
            Thread.sleep(200);
            delivered = messageIds("delivered");
            lastSeen = System.nanoTime();
        } while (delivered.size() < expected && System.nanoTime() < deadline);
        Set<String> distinct = new HashSet<>(delivered);
        return new Deliveries(distinct.size(), delivered.size() - distinct.size(), messageIds("pending").size(),
                messageIds("failed").size(), lastSeen);
    }

    @SuppressWarnings("unchecked")
    private List<String> messageIds(String state) throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            String query = "/api/completions?state=" + state + "&limit=200"
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8));
            var response = http.send(HttpRequest.newBuilder(management.resolve(query))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + query + ": HTTP " + response.statusCode());
            }
            Map<String, Object> page = JSON.readValue(response.body(), new TypeReference<>() {
            });
            for (Object entry : (List<Object>) page.get("completions")) {
                String id = (String) ((Map<String, Object>) entry).get("message_id");
                if (id.startsWith("wamid.bench-user-")) {
                    ids.add(id);
                }
            }
            after = (String) page.get("next");
        } while (after != null);
        return ids;
    }

    private static String percentile(long[] sortedNanos, int percent) {
        if (sortedNanos.length == 0) {
            return "0";
        }
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1);
        return String.format("%.2f", sortedNanos[Math.max(index, 0)] / 1e6);
    }
}
