package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.List;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole product once, as a person uses it: the page the server serves, in real headless
 * Chromium, talking to the real server, its shipped model and a real (embedded) Redis.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class EndToEndBrowserTest {

    /** Records, at every change of the newest assistant message, whether it streams and how long it is. */
    private static final String WATCH_REPLIES = """
            window.replyStates = [];
            new MutationObserver(() => {
              const replies = document.querySelectorAll('#messages .message.assistant');
              const reply = replies[replies.length - 1];
              if (reply) {
                replyStates.push({streaming: reply.classList.contains('streaming'),
                                  length: reply.querySelector('.text').textContent.length});
              }
            }).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
            """;

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;

    private ChromeDriver browser;

    /** A first visit: no session remembered from another test. */
    @BeforeEach
    void openAFreshPage() {
        browser = chromium.freshPage("http://localhost:" + port + "/");
    }

    @Test
    void a_person_types_accepts_a_suggestion_sends_and_watches_the_server_reply_stream_in() {
        WebElement input = browser.findElement(By.id("input"));

        WebElement modelStatus = browser.findElement(By.id("model-status"));
        chromium.waitUntil(() -> "ready".equals(modelStatus.getDomAttribute("data-state")));
        // The server hands out the Wasm GC worker as application/wasm, so Chromium runs that one.
        assertThat(modelStatus.getDomAttribute("data-target")).isEqualTo("wasm");
        input.sendKeys("what is a compi");
        chromium.waitUntil(() -> !browser.findElement(By.id("suggestion")).getText().isEmpty());
        assertThat(browser.findElement(By.id("suggestion")).getText()).isEqualTo("ler");
        input.sendKeys(Keys.TAB);
        assertThat(input.getDomProperty("value")).isEqualTo("what is a compiler");

        browser.executeScript(WATCH_REPLIES);
        input.sendKeys("?", Keys.ENTER);

        WebElement reply = waitForFinishedReply(1);
        String text = reply.findElement(By.className("text")).getText();
        assertThat(text).isNotBlank();
        WebElement placement = reply.findElement(By.className("placement"));
        assertThat(placement.getDomAttribute("data-placement")).isEqualTo("server");
        assertThat(placement.getText()).matches("server · \\d+\\.\\d\\d s · first token \\d+(\\.\\d)? ms");
        assertThat(browser.findElements(By.cssSelector("#messages .message.user .text")))
                .extracting(WebElement::getText).containsExactly("what is a compiler?");

        // The reply was on screen, marked as streaming, before it was complete.
        List<?> states = (List<?>) browser.executeScript("return replyStates.filter(s => s.streaming)");
        assertThat(states).as("states of the reply while it streamed").isNotEmpty();

        // What the page shows is what Redis keeps for the session.
        String sessionId = (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
        Conversation stored = new ChatApi(port).history(sessionId);
        assertThat(stored.messages()).containsExactly(ChatMessage.user("what is a compiler?"),
                ChatMessage.assistant(stored.messages().get(1).content()));
        // "what is a compiler?" is the define tool's: its card, then the reply written from it, which Redis keeps
        assertThat(reply.findElements(By.cssSelector(".tool-card[data-tool='define'] .definition-card"))).hasSize(1);
        assertThat(normalizeSpace(text)).endsWith(normalizeSpace(stored.messages().get(1).content()));
    }

    @Test
    void a_greeting_is_answered_on_the_device_and_never_reaches_the_server() {
        WebElement input = browser.findElement(By.id("input"));

        input.sendKeys("what is a kernel?", Keys.ENTER);
        waitForFinishedReply(1);
        input.sendKeys("hello", Keys.ENTER);
        WebElement greeting = waitForFinishedReply(2);

        WebElement placement = greeting.findElement(By.className("placement"));
        assertThat(placement.getDomAttribute("data-placement")).isEqualTo("device");
        assertThat(placement.getText()).matches("device · \\d+(\\.\\d)? ms");
        String sessionId = (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
        assertThat(new ChatApi(port).history(sessionId).messages()).extracting(ChatMessage::content)
                .doesNotContain("hello").hasSize(2);
    }

    private WebElement waitForFinishedReply(int count) {
        By finished = By.cssSelector("#messages .message.assistant:not(.streaming) .placement");
        chromium.waitUntil(() -> browser.findElements(finished).size() >= count);
        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        return replies.get(count - 1);
    }


    // getText() reports rendered text, which folds runs of white space the model may emit.
    private static String normalizeSpace(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
