package io.flowgate.playground.browser;

import io.flowgate.browsertesting.BrowserSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The renderer's own unit tests (renderer/test/index.html, served by the playground like the renderer itself):
 * the page runs them in the browser and writes {"passed", "failed", "skipped", "failures"} into #results.
 */
class RendererUnitTestsBrowserTest {

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
    void everyRendererTestPassesInChromium() {
        browser.open(server.playground() + "/web/renderer/test/index.html");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-done=true]")),
                "the renderer's tests to finish");

        @SuppressWarnings("unchecked")
        var results = (java.util.Map<String, Object>) browser.script(
                "return JSON.parse(document.getElementById('results').textContent)");
        browser.screenshot("renderer-unit-tests");
        assertThat(results.get("failures")).as("failures").asList().isEmpty();
        assertThat(((Number) results.get("failed")).intValue()).isZero();
        assertThat(((Number) results.get("passed")).intValue()).isGreaterThan(20);
    }
}
