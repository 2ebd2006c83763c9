package io.flowgate.playground.browser;

import io.flowgate.browsertesting.BrowserSession;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page (/status on the management listener) in headless chromium, after known traffic: each flow's
 * figures, its per-minute charts of requests, error rate and p90, and its funnel, drawn from the server's own
 * numbers with no external network. The screenshot lands in target/screenshots/status-page.png.
 */
class StatusPageBrowserTest {

    private static PlaygroundServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        browser = BrowserSession.open();
        server = PlaygroundServer.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStatusPageChartsTheTrafficAndTheFunnelOfEachFlow() {
        WhatsAppClient whatsApp = server.server().whatsApp();
        for (int user = 0; user < 3; user++) {
            String token = server.server().issueToken("appointment");
            assertThat(whatsApp.send("appointment", payload("INIT", "", Map.of(), token)).status()).isEqualTo(200);
        }
        assertThat(whatsApp.send("appointment", payload("ping", null, null, null)).status()).isEqualTo(200);
        assertThat(whatsApp.send("appointment", payload("INIT", "", Map.of(), "a-token-never-issued")).status())
                .isEqualTo(427);

        browser.open(server.server().managementUri() + "/status");
        browser.waitFor(By.cssSelector("body[data-rendered]"));

        WebElement appointment = browser.waitFor(By.id("flow-appointment"));
        assertThat(figure(appointment, "requests")).isEqualTo("5");
        assertThat(figure(appointment, "error_rate")).as("a 427 is not an endpoint error").isEqualTo("0.0%");
        assertThat(figure(appointment, "answers")).isEqualTo("200: 4, 427: 1");
        int charted = appointment.findElements(By.cssSelector("#chart-appointment-requests rect.bar")).stream()
                .mapToInt(bar -> Integer.parseInt(bar.getAttribute("data-value"))).sum();
        assertThat(charted).as("the requests chart's bars add up to the requests").isEqualTo(5);
        assertThat(appointment.findElements(By.cssSelector("#chart-appointment-p90 rect.bar"))).isNotEmpty();
        assertThat(appointment.findElement(By.cssSelector("#funnel-appointment .funnel-step[data-screen=APPOINTMENT]"))
                .getText()).contains("reached 3, abandoned 0");
        assertThat(browser.driver().findElement(By.id("flow-id-document")).getAttribute("data-state")).isEqualTo("ok");
        browser.screenshot("status-page");
    }

    private static String figure(WebElement flow, String key) {
        return flow.findElement(By.cssSelector("[data-figure=" + key + "] dd")).getText();
    }
}
