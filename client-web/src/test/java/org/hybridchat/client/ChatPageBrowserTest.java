package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.GoldenVectors;
import org.hybridchat.contract.StreamEvent.CodeBlock;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The conversation: messages out, streamed replies in, the session kept across visits. */
class ChatPageBrowserTest extends BrowserTest {

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
        assertEquals("", text("status"));
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
    void a_code_block_renders_as_code_and_the_golden_tool_calls_as_cards() {
        send("show me code");
        WebElement reply = finishedReply();

        CodeBlock golden = GoldenVectors.EVENTS.stream().map(v -> v.event())
                .filter(CodeBlock.class::isInstance).map(CodeBlock.class::cast).findFirst().orElseThrow();
        WebElement code = reply.findElement(By.cssSelector(".text pre.code > code"));
        assertEquals(golden.code(), text(code));
        assertEquals(golden.language(), reply.findElement(By.cssSelector("pre.code")).getDomAttribute("data-language"));
        WebElement calculate = reply.findElement(By.cssSelector(".text .tool-card[data-tool-call-id='t-1']"));
        assertEquals("calculate", text(calculate.findElement(By.cssSelector(".tool-name"))));
        assertEquals("{\n  \"expression\": \"6*7\"\n}", text(calculate.findElement(By.cssSelector(".tool-args"))));
        assertEquals("42", text(calculate.findElement(By.cssSelector(".calculation-card .value"))));
        assertEquals("done", calculate.getDomAttribute("data-status"));
        WebElement define = reply.findElement(By.cssSelector(".text .tool-card[data-tool-call-id='t-2']"));
        assertEquals("define", text(define.findElement(By.cssSelector(".tool-name"))));
        assertEquals("no result", text(define.findElement(By.cssSelector(".tool-status"))), "its run ended without one");
    }

    @Test
    void a_finished_reply_says_it_came_from_the_server_which_engine_wrote_it_and_how_long_it_took() {
        send("how long?");
        WebElement placement = finishedReply().findElement(By.cssSelector(".placement"));

        assertEquals("server", placement.getDomAttribute("data-placement"));
        assertTrue(text(placement).matches("server \\(gpu-1\\) · \\d+\\.\\d\\d s · first token \\d+(\\.\\d)? ms"),
                text(placement));
    }

    @Test
    void a_reply_an_upstream_began_and_the_server_s_own_model_finished_names_both_and_reads_as_one() {
        send(GoldenReplayServer.MOVE);
        WebElement reply = finishedReply();

        assertTrue(text(reply.findElement(By.cssSelector(".placement"))).startsWith("server (gpu-1 → local) · "),
                text(reply.findElement(By.cssSelector(".placement"))));
        assertEquals(String.join("", GoldenReplayServer.MOVE_TEXT), text(reply.findElement(By.cssSelector(".text"))));
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
    void a_reply_waiting_in_the_server_s_line_shows_its_place_until_its_text_comes() {
        send(GoldenReplayServer.QUEUE);
        WebElement reply = browser.findElement(By.cssSelector("#messages .message.assistant"));
        waitUntil(d -> !reply.findElements(By.cssSelector(".queued")).isEmpty());

        assertEquals("The server is busy: queued, position 3", text(reply.findElement(By.cssSelector(".queued"))));
        server.release();
        finishedReply();
        assertTrue(reply.findElements(By.cssSelector(".queued")).isEmpty());
        assertEquals("A daemon is a program", text(reply.findElement(By.cssSelector(".text"))));
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
}
