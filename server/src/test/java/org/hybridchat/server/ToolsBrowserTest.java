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
 * The server's tools as a person meets them: the real page in headless Chromium, the real server
 * with its dictionaries in Lucene, a real Redis. A definition, an exact sum, and forgetting the
 * conversation, denied and then approved, each checked against what Redis keeps. The rule planner
 * picks the tools, so that the replies are the results' own words; ModelPlannerBrowserTest has the model's.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "hybridchat.planner=rules")
@ActiveProfiles("test")
class ToolsBrowserTest {

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;

    @Test
    void a_definition_a_sum_and_forgetting_denied_then_approved() {
        ChromeDriver browser = chromium.freshPage("http://localhost:" + port + "/");
        ChatApi api = new ChatApi(port);

        send(browser, "what is a compiler?");
        WebElement definition = waitFor(browser, ".definition-card");
        assertThat(definition.findElement(By.className("headword")).getText()).isEqualToIgnoringCase("compiler");
        assertThat(definition.findElement(By.className("source")).getText()).contains("Free On-line Dictionary of Computing");
        assertThat(definition.findElement(By.cssSelector("a.license")).getDomAttribute("href")).startsWith("https://www.gnu.org/");
        assertThat(card(browser, "define").getDomAttribute("data-status")).isEqualTo("done");
        String session = session(browser);
        List<ChatMessage> stored = api.history(session).messages();
        assertThat(stored).hasSize(2);
        assertThat(stored.get(1).content()).startsWith("From The Free On-line Dictionary of Computing: ");

        send(browser, "what's 2^64 - 1?");
        WebElement sum = waitFor(browser, ".calculation-card");
        assertThat(sum.findElement(By.className("value")).getText()).isEqualTo("18446744073709551615");
        assertThat(api.history(session).messages()).hasSize(4)
                .contains(ChatMessage.assistant("2^64 - 1 = 18446744073709551615"));

        send(browser, "forget this conversation");
        WebElement asked = waitFor(browser, ".approval-card[data-state='pending']");
        assertThat(asked.findElement(By.className("approval-message")).getText())
                .isEqualTo("Delete this conversation (4 messages) from the server? This cannot be undone.");
        asked.findElement(By.cssSelector("button.deny")).click();
        waitFor(browser, ".declined-card");
        assertThat(api.history(session).messages()).as("denied: nothing changed").hasSize(4);

        send(browser, "forget this conversation");
        chromium.waitUntil(() -> browser.findElements(By.cssSelector(".approval-card[data-state='pending']")).size() == 1);
        browser.findElement(By.cssSelector(".approval-card[data-state='pending'] button.approve")).click();
        WebElement forgotten = waitFor(browser, ".forgotten-card");
        assertThat(forgotten.getDomAttribute("data-messages")).isEqualTo("4");
        assertThat(api.send("GET", "/api/sessions/" + session + "/messages", null, null, "*/*").statusCode())
                .as("approved: the conversation is gone").isEqualTo(404);
        assertThat(session(browser)).as("the page starts anew").isNull();
    }

    private static void send(ChromeDriver browser, String message) {
        WebElement input = browser.findElement(By.id("input"));
        chromium.waitUntil(() -> input.isEnabled() && browser.findElement(By.id("send")).isEnabled());
        input.sendKeys(message, Keys.ENTER);
    }

    private static WebElement waitFor(ChromeDriver browser, String css) {
        chromium.waitUntil(() -> !browser.findElements(By.cssSelector(css)).isEmpty());
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.getLast();
    }

    private static WebElement card(ChromeDriver browser, String tool) {
        return waitFor(browser, ".tool-card[data-tool='" + tool + "']");
    }

    private static String session(ChromeDriver browser) {
        return (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
    }
}
