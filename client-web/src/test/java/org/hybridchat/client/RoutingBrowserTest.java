package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Each message is answered where it fits: on this device when it can (greetings, help, arithmetic),
 * on the server otherwise; the placement menu forces either. The stand-in server counts the chat
 * requests, so a device answer is shown never to have left the page.
 */
class RoutingBrowserTest extends BrowserTest {

    // Tenths under 10 ms, whole milliseconds above (a loaded machine can take that long).
    private static final String DEVICE_LABEL = "device · \\d+(\\.\\d)? ms";

    @Test
    void a_greeting_is_answered_on_the_device_and_never_sent_to_the_server() throws Exception {
        send("Hello!");
        WebElement placement = placementOfReply(1);

        assertEquals("device", placement.getDomAttribute("data-placement"));
        assertTrue(text(placement).matches(DEVICE_LABEL), text(placement));
        assertTrue(replyText(1).startsWith("Hello!"), replyText(1));

        send("what is a daemon?");
        assertEquals("server", placementOfReply(2).getDomAttribute("data-placement"));
        assertEquals("what is a daemon?", server.nextRequest().message());
        assertEquals(1, server.chatRequests(), "only the second message may reach the server");
    }

    @Test
    void arithmetic_is_computed_on_the_device() {
        send("What is 12 * (3 + 4) / 8?");

        assertEquals("device", placementOfReply(1).getDomAttribute("data-placement"));
        assertEquals("12 * (3 + 4) / 8 = 10.5", replyText(1));
        assertEquals(0, server.chatRequests());
    }

    @Test
    void a_question_the_device_cannot_answer_goes_to_the_server() throws Exception {
        send("explain how a compiler works");

        WebElement placement = placementOfReply(1);
        assertEquals("server", placement.getDomAttribute("data-placement"));
        assertTrue(text(placement).startsWith("server "), text(placement));
        assertEquals("explain how a compiler works", server.nextRequest().message());
    }

    @Test
    void forcing_the_device_keeps_a_question_it_cannot_answer_on_the_device() throws Exception {
        placement("device");
        send("explain how a compiler works");

        assertEquals("device", placementOfReply(1).getDomAttribute("data-placement"));
        assertTrue(replyText(1).startsWith("That is beyond this device"), replyText(1));

        placement("auto");
        send("and an interpreter?");
        assertEquals("server", placementOfReply(2).getDomAttribute("data-placement"));
        assertEquals("and an interpreter?", server.nextRequest().message());
        assertEquals(1, server.chatRequests(), "the forced question must not have reached the server");
    }

    @Test
    void forcing_the_server_sends_it_even_a_greeting() throws Exception {
        placement("server");
        send("hi");

        assertEquals("server", placementOfReply(1).getDomAttribute("data-placement"));
        assertEquals("hi", server.nextRequest().message());
    }
}
