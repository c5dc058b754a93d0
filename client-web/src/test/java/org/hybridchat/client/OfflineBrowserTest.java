package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * When the server cannot be reached, the device answers and says so, and the page finds the server
 * again by itself: the stand-in server stops and restarts on the same port, as a real one would after
 * a crash or a deployment.
 */
class OfflineBrowserTest extends BrowserTest {

    private static final String OFFLINE = "offline: answered on this device";

    @Test
    void while_the_server_is_down_the_device_answers_and_the_page_recovers_when_it_returns() throws Exception {
        server.stop();
        try {
            send("explain how a compiler works");
            WebElement placement = placementOfReply(1);
            assertEquals("device", placement.getDomAttribute("data-placement"));
            assertTrue(text(placement).endsWith(" · " + OFFLINE), text(placement));
            assertTrue(replyText(1).startsWith("The server cannot be reached"), replyText(1));
            assertEquals("offline", serverState().getDomAttribute("data-state"));
            assertTrue(serverState().isDisplayed());

            send("what is 6 * 7?");
            assertEquals("6 * 7 = 42", replyText(2));
        } finally {
            server.restart();
        }

        waitUntil(Duration.ofSeconds(10), d -> "online".equals(serverState().getDomAttribute("data-state")));
        send("explain how a compiler works");
        assertEquals("server", placementOfReply(3).getDomAttribute("data-placement"));
        assertEquals("explain how a compiler works", server.nextRequest().message());
    }

    @Test
    void a_5xx_answer_counts_as_out_of_reach_and_later_messages_stay_on_the_device_until_it_is_back() {
        server.unavailable = true; // as a proxy answers while the server behind it is down
        send("explain how a compiler works");
        WebElement first = placementOfReply(1);
        assertEquals("device", first.getDomAttribute("data-placement"));
        assertTrue(text(first).endsWith(" · " + OFFLINE), text(first));

        send("and an interpreter?");
        WebElement second = placementOfReply(2);
        assertTrue(text(second).endsWith(" · " + OFFLINE), text(second));
        assertEquals(1, server.chatRequests(), "offline, the second message must not try the server");

        server.unavailable = false;
        waitUntil(Duration.ofSeconds(10), d -> "online".equals(serverState().getDomAttribute("data-state")));
        send("and a linker?");
        assertEquals("server", placementOfReply(3).getDomAttribute("data-placement"));
    }

    private static WebElement serverState() {
        return browser.findElement(By.id("server-state"));
    }
}
