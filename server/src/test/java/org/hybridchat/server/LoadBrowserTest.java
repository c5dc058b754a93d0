package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;

/**
 * A person watching a load test in one tab sees it in the chat in another: the page, in real
 * headless Chromium, shows how busy the real server's model is, and a message that has to wait
 * shows its place in the line. One batch row, so a few long replies make the model busy.
 */
@TestPropertySource(properties = {"hybridchat.generation.max-waiting=8",
        "hybridchat.generation.max-queue-wait=60s"})
class LoadBrowserTest extends OneRowServer {

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();



    @Test
    void the_load_label_follows_the_replies_being_written_and_waiting_and_a_waiting_message_shows_its_place() {
        ChromeDriver browser = chromium.driver();
        browser.get("http://localhost:" + port + "/");
        WebElement load = browser.findElement(By.id("server-load"));
        chromium.waitUntil(() -> "0".equals(load.getDomAttribute("data-active")));
        assertThat(load.getText()).isEqualTo("Server model: 0 of 1 replies being written, 0 waiting");

        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            // a long reply takes about half a second, and the page polls the load every two: a line of
            // six outlasts a poll and is still there when the message joins it
            busy.queue(6);
            chromium.waitUntil(() -> "1".equals(load.getDomAttribute("data-active"))
                    && !"0".equals(load.getDomAttribute("data-waiting")));
            assertThat(load.getText()).matches("Server model: 1 of 1 replies being written, [1-9] waiting");

            new Select(browser.findElement(By.id("placement"))).selectByValue("server");
            browser.findElement(By.id("input")).sendKeys("Tell me a story about a daemon.", Keys.ENTER);
            WebElement reply = browser.findElement(By.cssSelector("#messages .message.assistant"));
            chromium.waitUntil(() -> !reply.findElements(By.className("queued")).isEmpty());
            assertThat(reply.findElement(By.className("queued")).getText())
                    .matches("The server is busy: queued, position [1-9]");
        }

        chromium.waitUntil(() -> "0".equals(load.getDomAttribute("data-active")) && "0".equals(load.getDomAttribute("data-waiting")));
        WebElement reply = browser.findElement(By.cssSelector("#messages .message.assistant"));
        assertThat(reply.findElements(By.className("queued"))).as("gone once its turn came").isEmpty();
    }

}
