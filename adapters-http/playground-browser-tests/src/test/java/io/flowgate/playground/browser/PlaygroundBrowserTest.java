package io.flowgate.playground.browser;

import io.flowgate.browsertesting.BrowserSession;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground in headless chromium against the real server: the page encrypts with WebCrypto, the server
 * decrypts with its key, the plugins answer, the page decrypts and renders. Screenshots of every screen land in
 * target/screenshots.
 */
class PlaygroundBrowserTest {

    private static PlaygroundServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserSession.open();
        Path booking = Files.createDirectories(Path.of("target", "fixture-plugins")).resolve("booking.jar");
        TestJarsAccess.jar(booking, BookingPlugin.class.getName(), BookingPlugin.class);
        server = PlaygroundServer.start(booking);
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
    void theListShowsTheLoadedFlowsAndSaysWhichCannotBeRendered() {
        browser.open(server.playground());
        browser.waitFor(By.cssSelector("body[data-ready=true]"));

        assertThat(browser.waitFor(By.cssSelector("#flows li[data-flow-id=appointment] a")).getText()).isEqualTo("appointment");
        assertThat(browser.driver().findElement(By.cssSelector("#flows li[data-flow-id=id-document] a")).getAttribute("href"))
                .endsWith("/playground/id-document");
        assertThat(browser.driver().findElement(By.cssSelector("#flows li[data-flow-id=booking]")).getText())
                .contains("no flow.json");
        browser.screenshot("playground-index");
    }

    @Test
    void aFlowWithoutFlowJsonExplainsWhatThePlaygroundNeeds() {
        browser.open(server.playground() + "/booking");

        WebElement error = browser.waitFor(By.cssSelector("[data-role=page-error]"));
        assertThat(error.getText()).contains("has no flow.json", "flowgate.flows.booking.flow-json");
        browser.screenshot("booking-no-flow-json");
    }

    @Test
    void theAppointmentFlowRunsToADeliveredCompletion() {
        browser.open(server.playground());
        browser.waitFor(By.cssSelector("#flows li[data-flow-id=appointment] a")).click();

        // A fresh run at once: a token, INIT, and the first screen with the plugin's data.
        browser.waitFor(By.cssSelector(".fg-phone[data-screen-id=APPOINTMENT]"));
        WebElement init = browser.waitFor(By.cssSelector("[data-role=step][data-action=INIT]"));
        assertThat(init.getAttribute("data-status")).isEqualTo("200");
        assertThat(init.findElement(By.cssSelector("[data-role=findings]")).getAttribute("data-checked")).isEqualTo("true");
        assertThat(init.findElement(By.cssSelector("[data-role=findings]")).getAttribute("data-count")).isEqualTo("0");
        assertThat(init.findElement(By.cssSelector("[data-role=latency]")).getText()).matches("\\d+ ms");
        assertThat(options("department")).contains("Cardiology", "General practice");
        browser.screenshot("appointment-1-appointment");

        // Cardiology is not offered at Riverside: the plugin answers the same screen with error_message.
        choose("department", "cardiology");
        choose("location", "riverside");
        chooseFirst("date");
        choose("time", "10:30");
        footer().click();
        WebElement snackbar = browser.waitFor(By.cssSelector("[data-role=error-message]"));
        assertThat(snackbar.getText()).contains("Cardiology is not available at Riverside clinic");
        assertThat(screen()).isEqualTo("APPOINTMENT");
        assertThat(new Select(select("department")).getFirstSelectedOption().getAttribute("value"))
                .as("what the user chose survives the refresh").isEqualTo("cardiology");
        browser.screenshot("appointment-2-validation-error");

        choose("location", "downtown");
        footer().click();
        waitForScreen("DETAILS");
        browser.screenshot("appointment-3-details");

        browser.driver().findElement(By.cssSelector("input[data-component-name=name]")).sendKeys("Zoe Tester");
        browser.driver().findElement(By.cssSelector("input[data-component-name=email]")).sendKeys("zoe@example.com");
        browser.driver().findElement(By.cssSelector("input[data-component-name=phone]")).sendKeys("+1 555 0100");
        footer().click();
        waitForScreen("SUMMARY");
        assertThat(browser.driver().findElement(By.cssSelector(".fg-phone")).getText())
                .contains("Cardiology at Downtown clinic", "Name: Zoe Tester");
        browser.screenshot("appointment-4-summary");

        // SUMMARY has refresh_on_back: the back arrow sends BACK, and the plugin answers DETAILS.
        browser.driver().findElement(By.cssSelector("button[data-action=back]")).click();
        waitForScreen("DETAILS");
        WebElement back = browser.waitFor(By.cssSelector("[data-role=step][data-action=BACK]"));
        assertThat(back.getAttribute("data-status")).isEqualTo("200");
        assertThat(back.getAttribute("data-answer-screen")).isEqualTo("DETAILS");
        assertThat(browser.driver().findElement(By.cssSelector("input[data-component-name=name]")).getAttribute("value"))
                .isEqualTo("Zoe Tester");
        browser.screenshot("appointment-5-back-to-details");

        footer().click();
        waitForScreen("SUMMARY");
        footer().click();

        WebElement responseJson = browser.waitFor(By.cssSelector("#completion [data-role=response-json]"));
        assertThat(responseJson.getText()).contains("\"department\": \"cardiology\"", "\"location\": \"downtown\"",
                "\"flow_token\"", "\"email\": \"zoe@example.com\"");
        browser.screenshot("appointment-6-completion");

        browser.driver().findElement(By.id("deliver")).click();
        WebElement delivered = browser.waitUntil(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#delivery-state[data-state=delivered]")), "the completion to be delivered");
        assertThat(delivered.getText()).contains("onCompletion ran");
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .contains("AppointmentFlow", "appointment booked: cardiology at downtown"));
        browser.screenshot("appointment-7-delivered");

        // Restart: a new token and a fresh INIT.
        browser.driver().findElement(By.id("restart")).click();
        browser.waitFor(By.cssSelector(".fg-phone[data-screen-id=APPOINTMENT]"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-role=step]"))).hasSize(1);
        assertThat(browser.driver().findElement(By.id("completion")).isDisplayed()).isFalse();
    }

    @Test
    void aPhotoIsEncryptedInTheBrowserServedByTheLocalCdnAndReadByThePlugin() throws Exception {
        byte[] jpeg = new byte[32_000];
        new Random(11).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        Path photo = Files.write(Files.createDirectories(Path.of("target", "uploads")).resolve("id-front.jpg"), jpeg);

        browser.open(server.playground() + "/id-document");
        waitForScreen("UPLOAD");
        browser.screenshot("id-document-1-upload");

        browser.driver().findElement(By.cssSelector("input[type=file][data-component-name=photo]"))
                .sendKeys(photo.toAbsolutePath().toString());
        browser.waitUntil(driver -> driver.findElement(By.cssSelector(".fg-phone")).getText().contains("id-front.jpg"),
                "the picked file to be listed");
        browser.screenshot("id-document-2-picked");
        footer().click();

        WebElement responseJson = browser.waitFor(By.cssSelector("#completion [data-role=response-json]"));
        assertThat(responseJson.getText()).contains("\"photo_bytes\": 32000", "\"format\": \"jpeg\"");
        WebElement step = browser.driver().findElement(By.cssSelector("[data-role=step][data-action=data_exchange]"));
        assertThat(step.getAttribute("data-status")).isEqualTo("200");
        assertThat(step.getAttribute("data-answer-screen")).isEqualTo("SUCCESS");
        browser.screenshot("id-document-3-completion");
    }

    private static WebElement footer() {
        return browser.waitUntil(ExpectedConditions.elementToBeClickable(By.cssSelector("button.fg-footer-button")),
                "the Footer button");
    }

    private static String screen() {
        return browser.driver().findElement(By.cssSelector(".fg-phone")).getAttribute("data-screen-id");
    }

    private static void waitForScreen(String screen) {
        browser.waitFor(By.cssSelector(".fg-phone[data-screen-id=" + screen + "]"));
    }

    private static WebElement select(String name) {
        return browser.waitFor(By.cssSelector("select[data-component-name=" + name + "]"));
    }

    private static java.util.List<String> options(String name) {
        return new Select(select(name)).getOptions().stream().map(WebElement::getText).toList();
    }

    private static void choose(String name, String id) {
        new Select(select(name)).selectByValue(id);
    }

    private static void chooseFirst(String name) {
        Select select = new Select(select(name));
        WebElement first = select.getOptions().stream().filter(option -> !option.getAttribute("value").isEmpty())
                .findFirst().orElseThrow();
        select.selectByValue(first.getAttribute("value"));
    }
}
