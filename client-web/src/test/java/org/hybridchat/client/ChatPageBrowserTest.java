package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.hybridchat.client.suggest.NgramModel;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.GoldenVectors;
import org.hybridchat.contract.StreamEvent.CodeBlock;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as TeaVM compiled it, in real headless Chromium, against {@link GoldenReplayServer}. Uses
 * Debian's {@code chromium} and {@code chromium-driver} (bin/test installs them), never a download.
 */
class ChatPageBrowserTest {

    private static final String SESSION_KEY = "hybridchat.sessionId";

    // Selenium warns that its CDP bindings predate this Chromium; the tests use WebDriver only.
    private static final Logger CDP_WARNINGS = Logger.getLogger("org.openqa.selenium");

    private static GoldenReplayServer server;
    private static Path profile;
    private static ChromeDriver browser;
    private static NgramModel model;

    @BeforeAll
    static void start() throws Exception {
        CDP_WARNINGS.setLevel(Level.SEVERE);
        server = new GoldenReplayServer();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/lib/chromium/chromium"); // not the /usr/bin wrapper, which trips on /dev/shm
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(driver, options);
        try (InputStream in = ChatPageBrowserTest.class.getResourceAsStream("/static/model/suggest.bin")) {
            model = NgramModel.read(in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        server.close();
        try (Stream<Path> files = Files.walk(profile)) {
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

    @Test
    void the_compiled_decoder_reads_every_golden_event_and_the_reply_text_arrives_intact() throws Exception {
        send("what is a daemon?");
        WebElement reply = finishedReply();

        String expected = GoldenVectors.EVENTS.stream()
                .filter(v -> v.event() instanceof TextMessageContent)
                .map(v -> ((TextMessageContent) v.event()).delta())
                .reduce("", String::concat);
        assertEquals(expected, js("return [...arguments[0].childNodes].filter(n => n.nodeType === 3)"
                + ".map(n => n.data).join('')", reply.findElement(By.cssSelector(".text"))));
        assertEquals("what is a daemon?", text(browser.findElement(By.cssSelector("#messages .message.user .text"))));
        assertEquals("", text(browser.findElement(By.id("status"))));
    }

    @Test
    void markup_in_a_reply_shows_as_literal_text_and_never_runs() {
        js("window.alert = () => { window.scriptRan = true; }");
        send("show me markup");
        WebElement reply = finishedReply();

        assertTrue(text(reply).contains("<img src=x onerror=\"alert(1)\">"), text(reply));
        assertEquals(0L, js("return document.querySelectorAll('#messages img').length"));
        assertNull(js("return window.scriptRan === undefined ? null : true"));
    }

    @Test
    void a_code_block_renders_as_code_and_a_tool_call_as_a_labeled_line() {
        send("show me code");
        WebElement reply = finishedReply();

        CodeBlock golden = GoldenVectors.EVENTS.stream().map(v -> v.event())
                .filter(CodeBlock.class::isInstance).map(CodeBlock.class::cast).findFirst().orElseThrow();
        WebElement code = reply.findElement(By.cssSelector(".text pre.code > code"));
        assertEquals(golden.code(), text(code));
        assertEquals(golden.language(), reply.findElement(By.cssSelector("pre.code")).getDomAttribute("data-language"));
        WebElement tool = reply.findElement(By.cssSelector(".text .tool"));
        assertEquals("calculator", text(tool.findElement(By.cssSelector(".tool-name"))));
        assertEquals("{\"expression\":\"6*7\"}", text(tool.findElement(By.cssSelector(".tool-args"))));
        assertEquals("42", text(tool.findElement(By.cssSelector(".tool-result"))));
    }

    @Test
    void a_finished_reply_says_it_came_from_the_server_and_how_long_it_took() {
        send("how long?");
        WebElement placement = finishedReply().findElement(By.cssSelector(".placement"));

        assertEquals("server", placement.getDomAttribute("data-placement"));
        assertTrue(text(placement).matches("server · \\d+\\.\\d\\d s · first token \\d+ ms"), text(placement));
    }

    @Test
    void a_reply_is_marked_streaming_and_sending_waits_until_its_run_finishes() {
        send(GoldenReplayServer.HOLD);
        WebElement reply = browser.findElement(By.cssSelector("#messages .message.assistant"));
        waitUntil(d -> text(reply).contains("A daemon is a program"));

        assertTrue(classes(reply).contains("streaming"));
        assertFalse(browser.findElement(By.id("send")).isEnabled());
        server.release();
        finishedReply();
        assertFalse(classes(reply).contains("streaming"));
        assertTrue(browser.findElement(By.id("send")).isEnabled());
    }

    @Test
    void a_run_error_ends_the_reply_and_shows_its_message_in_the_status_line() {
        send(GoldenReplayServer.FAIL);
        WebElement reply = finishedReply();

        assertEquals("The model failed; your message is saved.", text(browser.findElement(By.id("status"))));
        assertTrue(classes(reply).contains("failed"));
        assertTrue(text(reply.findElement(By.cssSelector(".placement"))).startsWith("server · failed after "));
        assertEquals(((TextMessageContent) GoldenVectors.NONCANONICAL.event()).delta(),
                text(reply.findElement(By.cssSelector(".text"))), "the non-canonical vector decodes too");
    }

    @Test
    void a_refused_message_shows_the_problem_title_and_detail_in_the_status_line() {
        send(GoldenReplayServer.PROBLEM);
        finishedReply();

        assertEquals("Message refused: It asked to be.", text(browser.findElement(By.id("status"))));
    }

    @Test
    void the_session_named_by_run_started_is_saved_and_sent_with_the_next_message() throws Exception {
        send("first");
        finishedReply();
        assertNull(server.nextRequest().sessionId());
        assertEquals(GoldenReplayServer.SESSION_ID, js("return localStorage.getItem(arguments[0])", SESSION_KEY));

        send("second");
        ChatRequest second = server.nextRequest();
        assertEquals(new ChatRequest(GoldenReplayServer.SESSION_ID, "second"), second);
    }

    @Test
    void on_load_the_saved_sessions_history_is_rendered() {
        js("localStorage.setItem(arguments[0], arguments[1])", SESSION_KEY, GoldenReplayServer.SESSION_ID);
        browser.navigate().refresh();
        waitUntil(d -> messages().size() == 2);

        List<WebElement> messages = messages();
        assertEquals("message user", messages.get(0).getDomAttribute("class"));
        assertEquals("what is a daemon?", text(messages.get(0).findElement(By.cssSelector(".text"))));
        assertEquals("A daemon is a program", text(messages.get(1).findElement(By.cssSelector(".text"))));
        assertEquals("server", messages.get(1).findElement(By.cssSelector(".placement")).getDomAttribute("data-placement"));
    }

    @Test
    void a_saved_session_the_server_does_not_know_is_forgotten() {
        js("localStorage.setItem(arguments[0], 's-gone')", SESSION_KEY);
        browser.navigate().refresh();

        waitUntil(d -> js("return localStorage.getItem(arguments[0])", SESSION_KEY) == null);
        assertTrue(messages().isEmpty());
    }

    @Test
    void enter_sends_and_shift_enter_starts_a_new_line() throws Exception {
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);

        assertEquals("line one\nline two", server.nextRequest().message());
        assertEquals("", input.getDomProperty("value"));
    }

    @Test
    void typing_shows_the_on_device_suggestion_and_tab_accepts_it() {
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("what is a daem");
        waitUntil(d -> !suggestion().isEmpty());

        assertEquals("on", suggestion());
        assertTrue(browser.findElement(By.id("suggestion")).isDisplayed());
        input.sendKeys(Keys.TAB);
        assertEquals("what is a daemon", input.getDomProperty("value"));
        assertEquals("input", js("return document.activeElement.id"), "Tab must not move the focus");
    }

    @Test
    void escape_dismisses_the_suggestion_until_the_next_keystroke() {
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("what is a daem");
        waitUntil(d -> !suggestion().isEmpty());

        input.sendKeys(Keys.ESCAPE);
        assertEquals("", suggestion());
        assertFalse(browser.findElement(By.id("suggestion")).isDisplayed());
        input.sendKeys("o");
        assertEquals("n", suggestion());
    }

    @Test
    void the_compiled_model_suggests_exactly_what_the_jvm_model_does() {
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("what is a daem");
        waitUntil(d -> !suggestion().isEmpty()); // the model has loaded

        for (String typed : List.of("the operating ", "an object-ori", "see also ", "qwrtp ", "It is. ", "comp")) {
            js("arguments[0].value = ''", input);
            input.sendKeys(typed);
            assertEquals(model.suggest(typed).orElse(""), suggestion(), typed);
        }
    }

    // ---- helpers

    private void send(String message) {
        browser.findElement(By.id("input")).sendKeys(message);
        browser.findElement(By.id("send")).click();
    }

    /** The last assistant message, once its run has ended (it then has a placement line). */
    private WebElement finishedReply() {
        waitUntil(d -> !d.findElements(By.cssSelector("#messages .message.assistant .placement")).isEmpty());
        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        return replies.get(replies.size() - 1);
    }

    private List<WebElement> messages() {
        return browser.findElements(By.cssSelector("#messages > .message"));
    }

    private String suggestion() {
        return text(browser.findElement(By.id("suggestion")));
    }

    private static String text(WebElement element) {
        return element.getDomProperty("textContent");
    }

    private static String classes(WebElement element) {
        return element.getDomAttribute("class");
    }

    private static Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private static void waitUntil(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(20)).until(condition);
    }
}
