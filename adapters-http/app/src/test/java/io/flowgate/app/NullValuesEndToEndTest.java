package io.flowgate.app;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON null on the real server: from the WhatsApp client it is an absent value; from the business's admin
 * calls it is a 400 that names where it is.
 */
class NullValuesEndToEndTest {

    private static final String WA_ID = "447700900123";

    @TempDir
    Path home;

    @Test
    void aNullInTheDecryptedDataIsDroppedAndTheStepIsAnswered() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            URI management = URI.create("http://127.0.0.1:" + server.managementPort());
            String token = new AdminClient(management, TestServers.ADMIN_TOKEN).issueToken("booking", WA_ID, null, null).flowToken();
            var whatsApp = new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
            var data = new HashMap<String, Object>();
            data.put("answer", "yes");
            data.put("department", null);
            data.put("extras", new HashMap<>(Map.of("nested", new java.util.ArrayList<>(java.util.Arrays.asList("a", null)))));

            var reply = whatsApp.send("booking", payload("data_exchange", "FORM", data, token));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.screen()).isEqualTo("CONFIRM");
            assertThat(reply.data()).isEqualTo(Map.of("answer", "yes"));
        }
    }

    @Test
    void aNullInTheContextOfANewTokenIs400NamingItsPath() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            URI management = URI.create("http://127.0.0.1:" + server.managementPort());
            var admin = new AdminClient(management, TestServers.ADMIN_TOKEN);
            var customer = new HashMap<String, Object>();
            customer.put("id", null);
            var order = new HashMap<String, Object>();
            order.put("order", null);

            var nested = admin.issueToken("booking", WA_ID, null, Map.of("customer", customer));
            var topLevel = admin.issueToken("booking", WA_ID, null, order);
            var wholeContext = post(management, "{\"wa_id\":\"" + WA_ID + "\",\"context\":null}");

            assertThat(nested.status()).isEqualTo(400);
            assertThat(nested.body()).isEqualTo(Map.of("error", "context.customer.id is null: omit the field instead"));
            assertThat(topLevel.status()).isEqualTo(400);
            assertThat(topLevel.body()).isEqualTo(Map.of("error", "context.order is null: omit the field instead"));
            assertThat(wholeContext.statusCode()).isEqualTo(400);
            assertThat(wholeContext.body()).isEqualTo("{\"error\":\"context is null: omit the field instead\"}");
        }
    }

    private static HttpResponse<String> post(URI management, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(management.resolve("/api/flows/booking/tokens"))
                        .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
