package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.List;
import org.hybridchat.contract.ChatMessage;
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
 * A reply whose connection breaks mid-stream, in real headless Chromium against the real server: the
 * page's test hook closes the stream's XHR (as a lost network would end it) twice while the reply
 * streams; the page reconnects by itself, the reply goes on in place, says so, and ends as the whole
 * reply, once, exactly what Redis stores.
 * (The rules plan: what is resumed is the model's long reply, which no planner may make a tool's.)
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"hybridchat.chat.resume-grace=10s", "hybridchat.planner=rules"})
@ActiveProfiles("test")
class ResumeBrowserTest {

    /** Drops the stream when the reply's text first shows, and again once it has grown, while it streams. */
    private static final String DROP_MID_REPLY = """
            window.drops = 0;
            new MutationObserver(() => {
              const replies = document.querySelectorAll('#messages .message.assistant');
              const reply = replies[replies.length - 1];
              if (!reply || !reply.classList.contains('streaming')) return;
              const length = reply.querySelector('.text').textContent.length;
              if ((drops === 0 && length > 0) || (drops === 1 && length > 60)) {
                drops++;
                window.hybridChatDropStream();
              }
            }).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
            """;

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;

    @Test
    void a_reply_whose_connection_breaks_resumes_in_place_whole_and_once() {
        ChromeDriver browser = chromium.driver();
        String question = "Tell me everything about operating systems.";
        // About one reply in ten is a short sentence that arrives in one piece, too short to drop in
        // the middle of (the PII guard holds back 64 characters); a few tries, each a new conversation.
        for (int attempt = 0; attempt < 5 && drops(browser) == 0; attempt++) {
            browser.get("http://localhost:" + port + "/");
            browser.executeScript("localStorage.clear()");
            browser.navigate().refresh();
            browser.executeScript(DROP_MID_REPLY);

            browser.findElement(By.id("input")).sendKeys(question, Keys.ENTER);
            By finished = By.cssSelector("#messages .message.assistant:not(.streaming) .placement");
            chromium.waitUntil(() -> !browser.findElements(finished).isEmpty());
        }

        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        assertThat(replies).hasSize(1);
        WebElement reply = replies.getFirst();
        assertThat(drops(browser)).as("drops while it streamed").isPositive();
        assertThat(reply.getDomAttribute("class")).doesNotContain("failed");
        assertThat(reply.findElement(By.className("resumed")).getText()).isEqualTo("connection lost, resumed");
        assertThat(reply.findElement(By.className("placement")).getDomAttribute("data-placement")).isEqualTo("server");
        assertThat(browser.findElement(By.id("status")).getText()).isEmpty();

        String sessionId = (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
        List<ChatMessage> stored = new ChatApi(port).history(sessionId).messages();
        assertThat(stored).hasSize(2);
        assertThat(stored.getFirst()).isEqualTo(ChatMessage.user(question));
        assertThat(normalizeSpace(reply.findElement(By.className("text")).getText()))
                .isEqualTo(normalizeSpace(stored.get(1).content()));
    }

    private static int drops(ChromeDriver browser) {
        return ((Number) browser.executeScript("return window.drops || 0")).intValue();
    }

    // getText() reports rendered text, which folds runs of white space the model may emit.
    private static String normalizeSpace(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
