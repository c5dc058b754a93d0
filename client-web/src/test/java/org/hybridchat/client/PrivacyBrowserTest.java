package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Before a message leaves the browser, the page points out email addresses, phone numbers and card
 * numbers in it, and the user chooses: redact them, send as is, or edit.
 */
class PrivacyBrowserTest extends BrowserTest {

    private static final String MESSAGE = "I am ada@example.org, call +44 20 7946 0958, card 4242 4242 4242 4242";
    private static final String REDACTED = "I am [email], call [phone], card [card]";

    @Test
    void a_message_with_personal_data_waits_for_the_users_choice() {
        send(MESSAGE);

        waitUntil(d -> privacyBar().isDisplayed());
        assertEquals("This message contains an email address, a phone number and a card number. "
                + "It would leave this device for the server.", text("privacy-summary"));
        assertEquals(REDACTED, text("privacy-preview"));
        assertEquals(MESSAGE, browser.findElement(By.id("input")).getDomProperty("value"));
        assertTrue(messages().isEmpty());
        assertEquals(0, server.chatRequests());
    }

    @Test
    void redact_and_send_sends_the_placeholders_instead() throws Exception {
        send(MESSAGE);
        click("redact-send");

        assertEquals(REDACTED, server.nextRequest().message());
        assertEquals(REDACTED, text(browser.findElement(By.cssSelector("#messages .message.user .text"))));
        assertFalse(privacyBar().isDisplayed());
        assertEquals("", browser.findElement(By.id("input")).getDomProperty("value"));
    }

    @Test
    void send_as_is_sends_the_message_unchanged() throws Exception {
        send(MESSAGE);
        click("send-as-is");

        assertEquals(MESSAGE, server.nextRequest().message());
    }

    @Test
    void edit_goes_back_to_the_message_without_sending_it() {
        send(MESSAGE);
        click("privacy-edit");

        assertFalse(privacyBar().isDisplayed());
        assertEquals(MESSAGE, browser.findElement(By.id("input")).getDomProperty("value"));
        assertEquals("input", js("return document.activeElement.id"));
        assertTrue(messages().isEmpty());
        assertEquals(0, server.chatRequests());
    }

    @Test
    void a_message_answered_on_the_device_is_not_held_back() {
        placement("device");
        send("my mail is ada@example.org");

        assertEquals("device", placementOfReply(1).getDomAttribute("data-placement"));
        assertFalse(privacyBar().isDisplayed());
    }

    private static WebElement privacyBar() {
        return browser.findElement(By.id("privacy"));
    }

    private static void click(String id) {
        waitUntil(d -> privacyBar().isDisplayed());
        browser.findElement(By.id(id)).click();
    }
}
