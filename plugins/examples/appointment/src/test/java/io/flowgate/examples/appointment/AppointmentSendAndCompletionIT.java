package io.flowgate.examples.appointment;

import com.sun.net.httpserver.HttpServer;
import io.flowgate.testkit.WhatsAppClient;
import io.flowgate.testkit.server.FlowgateTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example sent through Flowgate and completed as some iOS clients complete it: the flow message goes out
 * through a stand-in for Meta's {@code /messages} call (a real HTTP server on loopback), and the completion
 * webhook carries only {@code context.id}, the sent message's id. The plugin still logs the booking with the
 * completion's message id.
 */
class AppointmentSendAndCompletionIT {

    private static final String ACCESS_TOKEN = "EAAG-appointment-test-token-0123456789";
    private static final String WA_ID = "447700900123";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpServer graph;
    private final List<String> sent = new ArrayList<>();
    private FlowgateTestServer server;

    @BeforeEach
    void start() throws Exception {
        graph = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        graph.createContext("/v23.0/106540352242922/messages", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean authorized = ("Bearer " + ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean flowMessage = body.contains("\"type\":\"interactive\"") && body.contains("\"flow_action\":\"data_exchange\"");
            byte[] answer = (authorized && flowMessage
                    ? "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + WA_ID + "\",\"wa_id\":\"" + WA_ID
                      + "\"}],\"messages\":[{\"id\":\"wamid.APPOINTMENT1\"}]}"
                    : "{\"error\":{\"message\":\"(#100) unexpected request\",\"type\":\"OAuthException\",\"code\":100,"
                      + "\"fbtrace_id\":\"Trace\"}}").getBytes(StandardCharsets.UTF_8);
            synchronized (sent) {
                sent.add(body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized && flowMessage ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        graph.start();
        server = FlowgateTestServer.builder().plugin(Path.of("target", "appointment.jar"))
                .setting("FLOWGATE_META_GRAPH_URL", "http://127.0.0.1:" + graph.getAddress().getPort() + "/v23.0")
                .setting("FLOWGATE_META_ACCESS_TOKEN", ACCESS_TOKEN)
                .setting("FLOWGATE_META_PHONE_NUMBER_ID", "106540352242922").start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        graph.stop(0);
    }

    @Test
    void aCompletionWithOnlyContextIdIsLoggedByThePluginWithItsMessageId() throws Exception {
        var send = HTTP.send(HttpRequest.newBuilder(URI.create(server.managementUri() + "/api/flows/appointment/send"))
                .header("Authorization", "Bearer " + server.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"" + WA_ID + "\", \"body\": \"Book a visit\","
                        + " \"cta\": \"Book\", \"meta_flow_id\": \"1234567890\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(send.statusCode()).as(send.body()).isEqualTo(201);
        assertThat(send.body()).contains("\"message_id\":\"wamid.APPOINTMENT1\"");

        var booked = new ArrayList<String>();
        Logger plugin = Logger.getLogger(AppointmentFlow.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (booked) {
                    booked.add(new SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        plugin.addHandler(capture);
        try {
            String response = "{\\\"department\\\":\\\"cardiology\\\",\\\"location\\\":\\\"downtown\\\","
                    + "\\\"date\\\":\\\"2026-12-24\\\",\\\"time\\\":\\\"10:30\\\"}";
            String completion = """
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                    "messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
                    "contacts":[{"profile":{"name":"Zoe"},"wa_id":"%s"}],
                    "messages":[{"context":{"from":"15550001111","id":"wamid.APPOINTMENT1"},"from":"%s",
                    "id":"wamid.COMPLETION1","timestamp":"1764072000","type":"interactive","interactive":{"type":"nfm_reply",
                    "nfm_reply":{"name":"flow","body":"Sent","response_json":"%s"}}}]}}]}]}
                    """.formatted(WA_ID, WA_ID, response);
            var webhook = HTTP.send(HttpRequest.newBuilder(URI.create(server.publicUri() + "/webhook"))
                    .header("X-Hub-Signature-256", WhatsAppClient.hubSignature(server.appSecret(), completion))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(completion)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).isEqualTo(200);

            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < giveUp) {
                synchronized (booked) {
                    if (!booked.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            synchronized (booked) {
                assertThat(booked).containsExactly(
                        "appointment booked: cardiology at downtown on 2026-12-24 10:30 (completion wamid.COMPLETION1)");
            }
        } finally {
            plugin.removeHandler(capture);
        }
    }
}
