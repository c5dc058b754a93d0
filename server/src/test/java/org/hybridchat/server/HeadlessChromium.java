package org.hybridchat.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, with a fresh profile deleted afterwards: the browser of the real-server
 * tests. A JUnit extension: in a static {@code @RegisterExtension} field it starts before the class's
 * tests and quits after them. Public, and shipped in the server's test jar, for the cluster module's
 * browser tests.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    private Path profile;
    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE); // CDP version chatter
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/lib/chromium/chromium"); // not the /usr/bin wrapper, which trips on /dev/shm
        // without the background-networking flags Chromium keeps dialling hosts this machine cannot reach
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The page at {@code url} as on a first visit: nothing remembered from another test in localStorage. */
    public ChromeDriver freshPage(String url) {
        ChromeDriver browser = driver();
        browser.get(url);
        browser.executeScript("localStorage.clear()");
        browser.navigate().refresh();
        return browser;
    }

    /** Waits up to 30 s for the page to get there: it streams, so most checks are "eventually". */
    public void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ignored -> condition.getAsBoolean());
    }

    /** Called even when {@link #beforeAll} or another extension's failed: quits what started. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }
}
