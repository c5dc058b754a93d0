package org.hybridchat.client;

import static org.hybridchat.client.GoldenReplayServer.HOSTILE_TEXT;
import static org.hybridchat.client.GoldenReplayServer.INTERRUPT_ID;
import static org.hybridchat.client.GoldenReplayServer.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.GoldenVectors;
import org.hybridchat.contract.Interrupt;
import org.hybridchat.contract.Resume;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.WireFormat;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Tool calls, their typed results, approvals and fenced code, as the compiled page renders them from
 * {@link GoldenReplayServer}'s tool scenarios: every part a component built of text nodes.
 */
class ToolCardsBrowserTest extends BrowserTest {

    private static final String TIME = "\\d+(\\.\\d)? ms|\\d+\\.\\d\\d s";

    @Test
    void a_define_call_shows_its_tool_card_its_definition_card_and_then_the_text_with_a_code_block() {
        send(GoldenReplayServer.DEFINE);
        WebElement reply = finishedReply();

        WebElement card = toolCard(reply, "t-2");
        assertEquals("done", card.getDomAttribute("data-status"));
        assertEquals("define", text(card.findElement(By.cssSelector(".tool-name"))));
        assertEquals("done", text(card.findElement(By.cssSelector(".tool-status"))));
        assertTrue(text(card.findElement(By.cssSelector(".tool-time"))).matches(TIME));
        assertEquals("server", text(card.findElement(By.cssSelector(".tool-placement"))));
        assertEquals("{\n  \"term\": \"compiler\"\n}", text(card.findElement(By.cssSelector(".tool-args"))));

        WebElement definition = card.findElement(By.cssSelector(".result-card.definition-card"));
        assertEquals("compiler", text(definition.findElement(By.cssSelector(".headword"))));
        assertEquals("A program that converts another program from some source language to machine language.",
                text(definition.findElement(By.cssSelector(".definition-text"))));
        assertEquals("FOLDOC", text(definition.findElement(By.cssSelector(".source"))));
        WebElement license = definition.findElement(By.cssSelector("a.license"));
        assertEquals("GNU Free Documentation License", text(license));
        assertEquals("https://www.gnu.org/licenses/fdl-1.3.html", license.getDomAttribute("href"));
        assertEquals("noopener noreferrer", license.getDomAttribute("rel"));
        assertEquals(List.of("source language", "machine language"),
                definition.findElements(By.cssSelector(".see-also button.chip")).stream().map(BrowserTest::text).toList());

        // the fence arrived split over three deltas; the final rendering is a code block between prose
        WebElement code = reply.findElement(By.cssSelector(".text .code-block[data-language='java'] pre.code > code"));
        assertEquals("int x = 1;\nSystem.out.println(x);", text(code));
        assertEquals("java", text(reply.findElement(By.cssSelector(".code-block .code-language"))));
        assertEquals(List.of("A compiler turns source into machine code. For example:", "That is all."),
                js("return [...arguments[0].childNodes].filter(n => n.nodeType === 3).map(n => n.data)",
                        reply.findElement(By.cssSelector(".text"))));
        assertFalse(text(reply).contains("```"), text(reply));
    }

    @Test
    void a_see_also_chip_asks_about_its_term_through_the_normal_send_path_and_leaves_the_draft_alone() throws Exception {
        send(GoldenReplayServer.DEFINE);
        WebElement reply = finishedReply();
        server.nextRequest();
        browser.findElement(By.id("input")).sendKeys("a draft");

        reply.findElement(By.cssSelector(".see-also button.chip[data-term='machine language']")).click();

        assertEquals(new ChatRequest(SESSION_ID, "what is machine language?"), server.nextRequest());
        List<WebElement> asked = browser.findElements(By.cssSelector("#messages .message.user .text"));
        assertEquals("what is machine language?", text(asked.get(asked.size() - 1)));
        assertEquals("a draft", browser.findElement(By.id("input")).getDomProperty("value"));
    }

    @Test
    void copy_puts_the_code_on_the_clipboard_and_without_the_clipboard_api_selects_it() {
        send(GoldenReplayServer.DEFINE);
        WebElement reply = finishedReply();
        js("navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); }");
        WebElement copy = reply.findElement(By.cssSelector(".code-block button.copy"));

        copy.click();
        waitUntil(d -> "yes".equals(copy.getDomAttribute("data-copied")));
        assertEquals("int x = 1;\nSystem.out.println(x);", js("return window.copied"));

        js("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})");
        js("arguments[0].removeAttribute('data-copied')", copy);
        copy.click();
        waitUntil(d -> copy.getDomAttribute("data-copied") != null);
        assertEquals("int x = 1;\nSystem.out.println(x);", js("return window.getSelection().toString()"));
        assertFalse(text(copy).equals("Copy"), "the button says how it went");
    }

    @Test
    void a_calculate_call_shows_expression_equals_value_in_full_and_selectable() {
        send(GoldenReplayServer.CALCULATE);
        WebElement card = toolCard(finishedReply(), "t-1");

        assertEquals("calculate", text(card.findElement(By.cssSelector(".tool-name"))));
        assertEquals("{\n  \"expression\": \"6*7\"\n}", text(card.findElement(By.cssSelector(".tool-args"))));
        WebElement result = card.findElement(By.cssSelector(".calculation-card"));
        assertEquals("6*7 = 42", text(result));
        WebElement value = result.findElement(By.cssSelector(".value"));
        assertEquals("42", text(value));
        assertEquals("all", js("return getComputedStyle(arguments[0]).userSelect", value));
        assertTrue(replyText(1).endsWith("6*7 is 42."), replyText(1));
    }

    @Test
    void a_refused_call_says_the_backend_refused_it_and_why() {
        send(GoldenReplayServer.REFUSE_TOOL);
        WebElement card = toolCard(finishedReply(), "t-4");

        assertEquals("refused", card.getDomAttribute("data-status"));
        assertEquals("refused", text(card.findElement(By.cssSelector(".tool-status"))));
        assertEquals("server_load needs the admin role.",
                text(card.findElement(By.cssSelector(".refused-card .reason"))));
        assertTrue(text(card.findElement(By.cssSelector(".refused-card"))).startsWith("The server refused this call"));
    }

    @Test
    void every_kind_of_tool_result_has_its_own_card() throws Exception {
        send(GoldenReplayServer.EVERY_CARD);
        WebElement reply = finishedReply();
        server.nextRequest();

        assertEquals(GoldenVectors.TOOL_RESULTS.size(), reply.findElements(By.cssSelector(".tool-card")).size());
        WebElement noEntry = reply.findElement(By.cssSelector(".no-entry-card"));
        assertEquals("florbix", text(noEntry.findElement(By.cssSelector(".term"))));
        assertEquals("The dictionaries have no entry for florbix.", text(noEntry));

        WebElement search = reply.findElement(By.cssSelector(".search-card"));
        assertEquals("garbage collection", text(search.findElement(By.cssSelector(".query"))));
        List<WebElement> hits = search.findElements(By.cssSelector("li.hit"));
        assertEquals(2, hits.size());
        assertEquals("GC", text(hits.get(1).findElement(By.cssSelector("button.chip.headword"))));
        assertEquals("Jargon File", text(hits.get(1).findElement(By.cssSelector(".source"))));
        assertEquals("To clean up and throw away useless things.", text(hits.get(1).findElement(By.cssSelector(".snippet"))));

        assertEquals("18446744073709551615", text(reply.findElement(By.cssSelector(".calculation-card .value"))));
        WebElement history = reply.findElement(By.cssSelector(".history-card li.history-message"));
        assertEquals("user", history.getDomAttribute("data-role"));
        assertEquals("what is a daemon?", text(history.findElement(By.cssSelector(".content"))));
        WebElement forgotten = reply.findElement(By.cssSelector(".forgotten-card"));
        assertEquals("4", forgotten.getDomAttribute("data-messages"));
        assertTrue(text(forgotten).contains("4 messages deleted"), text(forgotten));
        WebElement load = reply.findElement(By.cssSelector(".load-card"));
        assertEquals("3", load.getDomAttribute("data-active"));
        assertEquals("0", load.getDomAttribute("data-waiting"));
        assertTrue(text(load).contains("3 of at most 64") && text(load).contains("0 of at most 256"), text(load));
        assertEquals("server_load needs the admin role.", text(reply.findElement(By.cssSelector(".refused-card .reason"))));
        assertEquals("You denied it; nothing was deleted.", text(reply.findElement(By.cssSelector(".declined-card .reason"))));
        assertEquals("Division by zero.", text(reply.findElement(By.cssSelector(".error-card .reason"))));
        assertEquals(List.of("done", "done", "done", "done", "done", "done", "done", "refused", "declined", "error"),
                reply.findElements(By.cssSelector(".tool-card")).stream().map(c -> c.getDomAttribute("data-status")).toList());

        hits.get(1).findElement(By.cssSelector("button.chip")).click();
        assertEquals("what is GC?", server.nextRequest().message());
    }

    @Test
    void approving_sends_the_resume_entry_and_the_next_run_shows_what_the_call_did() throws Exception {
        send(GoldenReplayServer.FORGET);
        WebElement first = finishedReply();
        server.nextBody();
        WebElement waiting = toolCard(first, "t-3");
        assertEquals("waiting", waiting.getDomAttribute("data-status"));
        assertEquals("waiting for approval", text(waiting.findElement(By.cssSelector(".tool-status"))));
        WebElement approval = first.findElement(By.cssSelector(".approval-card"));
        assertEquals("pending", approval.getDomAttribute("data-state"));
        assertEquals("Delete this conversation (4 messages)? This cannot be undone.",
                text(approval.findElement(By.cssSelector(".approval-message"))));
        assertTrue(text(approval.findElement(By.cssSelector(".approval-expiry"))).startsWith("Answer by "));

        approval.findElement(By.cssSelector("button.approve")).click();

        String body = server.nextBody();
        assertEquals(WireFormat.encode(new ChatRequest(SESSION_ID, null, List.of(new Resume(INTERRUPT_ID, true)))), body);
        assertEquals(GoldenVectors.resumeRequest(), body, "the golden resume request, byte for byte");
        assertEquals("approved", approval.getDomAttribute("data-state"));
        assertEquals("You approved it.", text(approval.findElement(By.cssSelector(".approval-outcome"))));
        assertFalse(approval.findElement(By.cssSelector("button.approve")).isEnabled());
        assertFalse(approval.findElement(By.cssSelector("button.deny")).isEnabled());

        placementOfReply(2);
        WebElement second = browser.findElements(By.cssSelector("#messages .message.assistant")).get(1);
        WebElement card = toolCard(second, "t-3");
        assertEquals("forget", text(card.findElement(By.cssSelector(".tool-name"))), "named by the run that asked");
        assertEquals("done", card.getDomAttribute("data-status"));
        assertEquals("4", card.findElement(By.cssSelector(".forgotten-card")).getDomAttribute("data-messages"));
        assertEquals("done", waiting.getDomAttribute("data-status"), "the card that waited takes the outcome");
        assertTrue(replyText(2).endsWith("Done: this conversation is forgotten."), replyText(2));
        assertEquals(2, server.chatRequests());
    }

    @Test
    void denying_sends_a_denial_and_the_next_run_shows_the_declined_call() throws Exception {
        send(GoldenReplayServer.FORGET);
        WebElement approval = finishedReply().findElement(By.cssSelector(".approval-card"));
        server.nextBody();

        approval.findElement(By.cssSelector("button.deny")).click();

        assertEquals(new ChatRequest(SESSION_ID, null, List.of(new Resume(INTERRUPT_ID, false))),
                WireFormat.decodeChatRequest(server.nextBody()));
        assertEquals("denied", approval.getDomAttribute("data-state"));
        assertEquals("You denied it.", text(approval.findElement(By.cssSelector(".approval-outcome"))));
        assertFalse(approval.findElement(By.cssSelector("button.approve")).isEnabled());

        placementOfReply(2);
        WebElement second = browser.findElements(By.cssSelector("#messages .message.assistant")).get(1);
        WebElement card = toolCard(second, "t-3");
        assertEquals("declined", card.getDomAttribute("data-status"));
        assertEquals("{}", text(card.findElement(By.cssSelector(".tool-args"))));
        assertEquals("You denied it; nothing was deleted.", text(card.findElement(By.cssSelector(".declined-card .reason"))));
        assertEquals("declined", toolCard(browser.findElements(By.cssSelector("#messages .message.assistant")).get(0), "t-3")
                .getDomAttribute("data-status"));
    }

    @Test
    void an_answer_waits_while_another_reply_streams_as_replies_would_interleave() throws Exception {
        send(GoldenReplayServer.FORGET);
        WebElement approval = finishedReply().findElement(By.cssSelector(".approval-card"));
        send(GoldenReplayServer.HOLD);
        waitUntil(d -> !d.findElement(By.id("send")).isEnabled());

        approval.findElement(By.cssSelector("button.approve")).click();
        assertEquals("pending", approval.getDomAttribute("data-state"));
        assertEquals("A reply is still coming: choose once it has finished.",
                text(approval.findElement(By.cssSelector(".approval-outcome"))));
        assertEquals(2, server.chatRequests());

        server.release();
        placementOfReply(2);
        approval.findElement(By.cssSelector("button.approve")).click();
        assertEquals("approved", approval.getDomAttribute("data-state"));
        placementOfReply(3);
        assertEquals(3, server.chatRequests());
    }

    @Test
    void an_approval_whose_time_has_passed_cannot_be_given() throws Exception {
        send(GoldenReplayServer.FORGET_LATE);
        WebElement reply = finishedReply();
        WebElement approval = reply.findElement(By.cssSelector(".approval-card"));

        assertEquals("expired", approval.getDomAttribute("data-state"));
        assertFalse(approval.findElement(By.cssSelector("button.approve")).isEnabled());
        assertFalse(approval.findElement(By.cssSelector("button.deny")).isEnabled());
        assertEquals("The time to answer has passed.", text(approval.findElement(By.cssSelector(".approval-outcome"))));
        assertEquals("declined", toolCard(reply, "t-3").getDomAttribute("data-status"));
        assertEquals("expired", text(toolCard(reply, "t-3").findElement(By.cssSelector(".tool-status"))));
        assertEquals(1, server.chatRequests());
    }

    @Test
    void an_approval_left_open_expires_by_itself() throws Exception {
        send(GoldenReplayServer.FORGET_SOON);
        WebElement reply = finishedReply();
        WebElement approval = reply.findElement(By.cssSelector(".approval-card"));
        assertEquals("pending", approval.getDomAttribute("data-state"));
        assertTrue(approval.findElement(By.cssSelector("button.approve")).isEnabled());

        waitUntil(d -> "expired".equals(approval.getDomAttribute("data-state")));
        assertFalse(approval.findElement(By.cssSelector("button.approve")).isEnabled());
        assertFalse(approval.findElement(By.cssSelector("button.deny")).isEnabled());
        assertEquals("expired", text(toolCard(reply, "t-3").findElement(By.cssSelector(".tool-status"))));
    }

    @Test
    void the_golden_interrupt_outcome_renders_as_an_approval_card() {
        send(GoldenReplayServer.GOLDEN_INTERRUPT);
        WebElement approval = finishedReply().findElement(By.cssSelector(".approval-card"));

        RunFinished golden = (RunFinished) GoldenVectors.EVENTS.stream()
                .filter(v -> v.file().equals("run_finished_interrupt.json")).findFirst().orElseThrow().event();
        Interrupt interrupt = golden.interrupts().get(0);
        assertEquals(interrupt.id(), approval.getDomAttribute("data-interrupt-id"));
        assertEquals(interrupt.toolCallId(), approval.getDomAttribute("data-tool-call-id"));
        assertEquals(Interrupt.TOOL_APPROVAL, approval.getDomAttribute("data-reason"));
        assertEquals(interrupt.message(), text(approval.findElement(By.cssSelector(".approval-message"))));
        // its expiry is a fixed instant: pending before it, expired after, on this machine's clock
        boolean past = Instant.now().isAfter(Instant.parse(interrupt.expiresAt()));
        assertEquals(past ? "expired" : "pending", approval.getDomAttribute("data-state"));
    }

    @Test
    void markup_in_every_field_of_tool_calls_results_code_and_approvals_shows_as_text_and_runs_nothing() throws Exception {
        js("window.alert = () => { window.scriptRan = true; }");
        send(GoldenReplayServer.HOSTILE);
        WebElement reply = finishedReply();
        server.nextRequest();

        assertEquals(0L, js("return document.querySelectorAll('#messages img, #messages script, #messages a').length"));
        String h = HOSTILE_TEXT;
        WebElement define = toolCard(reply, "t-20");
        assertEquals(h, text(define.findElement(By.cssSelector(".tool-name"))));
        assertEquals(h, define.getDomAttribute("data-tool"));
        assertTrue(text(define.findElement(By.cssSelector(".tool-args"))).contains("onerror"));
        for (String field : List.of(".headword", ".definition-text", ".source", ".license", ".see-also .chip")) {
            assertEquals(h, text(define.findElement(By.cssSelector(".definition-card " + field))), field);
        }
        assertEquals(h, text(reply.findElement(By.cssSelector(".search-card .query"))));
        assertEquals(h, text(reply.findElement(By.cssSelector(".search-card .hit .chip"))));
        assertEquals(h, text(reply.findElement(By.cssSelector(".search-card .hit .snippet"))));
        assertEquals(h, text(reply.findElement(By.cssSelector(".history-card .content"))));
        assertEquals(h + " = " + h, text(reply.findElement(By.cssSelector(".calculation-card"))));
        assertEquals(h, text(reply.findElement(By.cssSelector(".refused-card .reason"))));
        assertEquals("error", toolCard(reply, "t-25").getDomAttribute("data-status"));
        assertEquals("true", toolCard(reply, "t-25").findElement(By.cssSelector(".error-card")).getDomAttribute("data-undecodable"));
        WebElement code = reply.findElement(By.cssSelector(".code-block"));
        assertEquals("<img", code.getDomAttribute("data-language"), "the first word of the fence's info string");
        assertEquals(h, text(code.findElement(By.cssSelector("code"))));
        WebElement approval = reply.findElement(By.cssSelector(".approval-card"));
        assertEquals(h, text(approval.findElement(By.cssSelector(".approval-message"))));
        assertTrue(approval.findElements(By.cssSelector(".approval-expiry")).isEmpty(), "an unreadable expiry is not shown");
        assertEquals("waiting", toolCard(reply, "t-26").getDomAttribute("data-status"));

        define.findElement(By.cssSelector(".see-also .chip")).click();
        assertEquals("what is " + h + "?", server.nextRequest().message());
        finishedReply();
        assertEquals(0L, js("return document.querySelectorAll('#messages img, #messages script, #messages a').length"));
        assertNull(js("return window.scriptRan === undefined ? null : true"));
    }

    private static WebElement toolCard(WebElement reply, String toolCallId) {
        return reply.findElement(By.cssSelector(".tool-card[data-tool-call-id='" + toolCallId + "']"));
    }
}
