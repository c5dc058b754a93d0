package org.hybridchat.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as TeaVM compiled it, in real headless Chromium, against {@link GoldenReplayServer}: one
 * browser and one stand-in server per test class, and a fresh page (empty localStorage) per test.
 * Uses Debian's {@code chromium} and {@code chromium-driver} (bin/test installs them), never a download.
 */
abstract class BrowserTest {

    static final String SESSION_KEY = "hybridchat.sessionId";

    // Selenium warns that its CDP bindings predate this Chromium; the tests use WebDriver only.
    private static final Logger CDP_WARNINGS = Logger.getLogger("org.openqa.selenium");

    static GoldenReplayServer server;
    static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowserAndServer() throws Exception {
        server = new GoldenReplayServer();
        browser = chromium(profile = Files.createTempDirectory("chromium-profile"));
    }

    /** Headless Chromium with its own profile folder. */
    static ChromeDriver chromium(Path profile) {
        CDP_WARNINGS.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/lib/chromium/chromium"); // not the /usr/bin wrapper, which trips on /dev/shm
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stopBrowserAndServer() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        server.close();
        deleteFolder(profile);
    }

    static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @BeforeEach
    void openAFreshPage() {
        server.reset();
        browser.get(server.url());
        js("localStorage.clear()");
        browser.navigate().refresh();
    }

    // ---- helpers

    static void send(String message) {
        browser.findElement(By.id("input")).sendKeys(message);
        browser.findElement(By.id("send")).click();
    }

    /** The last assistant message, once its run has ended (it then has a placement line). */
    static WebElement finishedReply() {
        waitUntil(d -> !d.findElements(By.cssSelector("#messages .message.assistant .placement")).isEmpty());
        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        return replies.get(replies.size() - 1);
    }

    /** The placement line of the {@code n}th reply (from 1), once that reply has ended. */
    static WebElement placementOfReply(int n) {
        By lines = By.cssSelector("#messages .message.assistant .placement");
        waitUntil(d -> d.findElements(lines).size() >= n);
        return browser.findElements(lines).get(n - 1);
    }

    /** The text of the {@code n}th reply (from 1). */
    static String replyText(int n) {
        return text(browser.findElements(By.cssSelector("#messages .message.assistant .text")).get(n - 1));
    }

    /** Picks auto, device or server in the placement menu. */
    static void placement(String value) {
        new Select(browser.findElement(By.id("placement"))).selectByValue(value);
    }

    static List<WebElement> messages() {
        return browser.findElements(By.cssSelector("#messages > .message"));
    }

    /** Waits until the worker has loaded the model. */
    static void awaitModel() {
        waitUntil(d -> "ready".equals(d.findElement(By.id("model-status")).getDomAttribute("data-state")));
    }

    static String suggestion() {
        return text(browser.findElement(By.id("suggestion")));
    }

    static String text(WebElement element) {
        return element.getDomProperty("textContent");
    }

    static String text(String id) {
        return text(browser.findElement(By.id(id)));
    }

    static String classes(WebElement element) {
        return element.getDomAttribute("class");
    }

    static Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    static void waitUntil(Function<WebDriver, Boolean> condition) {
        waitUntil(Duration.ofSeconds(5), condition);
    }

    static void waitUntil(Duration timeout, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, timeout).pollingEvery(Duration.ofMillis(20)).until(condition);
    }
}
