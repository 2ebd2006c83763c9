package io.flowgate.browsertesting;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A headless Debian chromium driven through Selenium, for tests of pages the server serves.
 *
 * <p>Where the browser is missing: outside CI the test is skipped with a notice that says what to install; with
 * {@code CI=true} (or {@code -Dflowgate.requireServices=true}) it fails, since CI installs both packages and a
 * silently skipped browser test there would hide a broken page.
 *
 * <pre>
 * try (BrowserSession browser = BrowserSession.open()) {
 *     browser.driver().get(url);
 *     browser.waitFor(By.cssSelector(".ready"));
 *     browser.screenshot("status-page");   // target/screenshots/status-page.png
 * }
 * </pre>
 */
public final class BrowserSession implements AutoCloseable {

    /** Debian's packages {@code chromium} and {@code chromium-driver}; FLOWGATE_CHROMIUM / FLOWGATE_CHROMEDRIVER override. */
    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DEFAULT_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The window: a 360x740 phone frame, a side panel beside it and the page header above it fit without scrolling. */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 1000;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path screenshots;

    private BrowserSession(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Starts a browser, or skips (outside CI) / fails (in CI) the calling test when none is installed. */
    public static BrowserSession open() {
        Path chromium = executable("FLOWGATE_CHROMIUM", DEFAULT_CHROMIUM);
        Path chromedriver = executable("FLOWGATE_CHROMEDRIVER", DEFAULT_CHROMEDRIVER);
        List<String> missing = new java.util.ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(chromedriver)) {
            missing.add(chromedriver + " (apt-get install chromium-driver)");
        }
        if (!missing.isEmpty()) {
            String notice = "no browser for the browser tests: missing " + String.join(", ", missing);
            if (required()) {
                throw new AssertionError(notice + "; they are required here (CI=true or flowgate.requireServices=true)");
            }
            System.err.println("SKIPPED: " + notice + ": the browser tests are skipped");
            Assumptions.abort(notice);
        }
        var options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT, "--force-device-scale-factor=1", "--lang=en-US",
                // Only loopback: the pages under test must work without any external network.
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-default-apps", "--disable-sync");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH, HEIGHT));
        return new BrowserSession(driver, Path.of("target", "screenshots"));
    }

    private static Path executable(String environmentVariable, Path fallback) {
        String configured = System.getenv(environmentVariable);
        return configured == null || configured.isBlank() ? fallback : Path.of(configured);
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("flowgate.requireServices");
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a URL. */
    public BrowserSession open(String url) {
        driver.get(url);
        return this;
    }

    /** The first element the selector finds once it is visible; fails after 20 s with the selector in the message. */
    public WebElement waitFor(By selector) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(selector), selector.toString());
    }

    /** Waits until {@code condition} gives a non-null, non-false value, which it returns. */
    public <T> T waitUntil(Function<WebDriver, T> condition, String description) {
        try {
            return new WebDriverWait(driver, DEFAULT_WAIT).withMessage("waiting for " + description).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout-" + System.currentTimeMillis());
            throw e;
        }
    }

    /** Runs a script in the page and returns its result. */
    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Saves the window as {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("the screenshot " + name + " could not be saved", e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
