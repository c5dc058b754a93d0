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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A session that ends while its page is open (it expired, or Redis lost it): the server answers the
 * next message with 404 {@code unknown_session}, and the page, in real headless Chromium against the
 * real server, starts a new conversation with that message, says so, and keeps the new session.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class ExpiredSessionBrowserTest {

    private static final By FINISHED_REPLIES = By.cssSelector("#messages .message.assistant:not(.streaming) .placement");

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void a_message_to_an_expired_session_starts_a_new_conversation_and_says_so() {
        ChromeDriver browser = chromium.freshPage("http://localhost:" + port + "/");
        WebElement input = browser.findElement(By.id("input"));
        placement(browser, "server");

        input.sendKeys("what is a kernel?", Keys.ENTER);
        chromium.waitUntil(() -> browser.findElements(FINISHED_REPLIES).size() == 1);
        String expired = savedSession(browser);
        // what an expiry does, done at once: the session's key leaves Redis
        assertThat(redis.delete("hybridchat:session:" + expired).block()).isEqualTo(1);

        input.sendKeys("what is a daemon?", Keys.ENTER);
        chromium.waitUntil(() -> browser.findElements(FINISHED_REPLIES).size() == 2);

        String renewed = savedSession(browser);
        assertThat(renewed).isNotNull().isNotEqualTo(expired);
        assertThat(new ChatApi(port).history(renewed).messages()).hasSize(2)
                .first().isEqualTo(ChatMessage.user("what is a daemon?"));
        List<WebElement> notices = browser.findElements(By.cssSelector("#messages .notice"));
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst().getText()).contains("new conversation");
        // the notice stands right above the message that started the new conversation
        assertThat(browser.findElements(By.cssSelector("#messages .notice + .message.user .text")))
                .extracting(WebElement::getText).containsExactly("what is a daemon?");
        assertThat(browser.findElement(By.id("status")).getText()).isEmpty();
        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        assertThat(replies.getLast().getDomAttribute("class")).doesNotContain("failed");
    }

    private static String savedSession(ChromeDriver browser) {
        return (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
    }

    /** Every message to the server model, so that routing on the device plays no part. */
    private static void placement(ChromeDriver browser, String where) {
        browser.executeScript("const s = document.getElementById('placement'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('change'));", where);
    }
}
