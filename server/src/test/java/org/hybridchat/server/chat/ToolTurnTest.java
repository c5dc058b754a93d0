package org.hybridchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.List;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Interrupt;
import org.hybridchat.contract.Resume;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.StreamEvent.ToolCallArgs;
import org.hybridchat.contract.StreamEvent.ToolCallEnd;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.StreamEvent.ToolCallStart;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.ChatApi.Turn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Messages the tools answer, over real HTTP against the real server: the real dictionaries in
 * Lucene, the real Redis, real Spring Security. The rule planner picks the tool; the registry decides.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"hybridchat.planner=rules",
        "hybridchat.security.admin-token=" + ToolTurnTest.ADMIN_TOKEN})
@ActiveProfiles("test")
class ToolTurnTest {
    static final String ADMIN_TOKEN = "test-admin-token-0f9a8b7c";

    @LocalServerPort
    int port;

    ChatApi api;

    @BeforeEach
    void connect() {
        api = new ChatApi(port);
    }

    @Test
    void a_definition_question_is_answered_from_the_dictionary_with_its_source_and_stored() {
        Turn turn = api.chat(null, "what is a compiler?");
        List<StreamEvent> events = turn.events();

        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("RunStarted",
                "ToolCallStart", "ToolCallArgs", "ToolCallEnd", "ToolCallResult", "TextMessageStart",
                "TextMessageContent", "TextMessageEnd", "RunFinished");
        assertThat(((ToolCallStart) events.get(1)).toolCallName()).isEqualTo("define");
        assertThat(((ToolCallArgs) events.get(2)).delta()).isEqualTo("{\"term\":\"compiler\"}");
        ToolResult.Definition definition = (ToolResult.Definition) result(events);
        assertThat(definition.headword()).isEqualToIgnoringCase("compiler");
        assertThat(definition.source()).isEqualTo("The Free On-line Dictionary of Computing");
        assertThat(definition.license()).contains("GNU Free Documentation License");
        assertThat(turn.reply()).startsWith("From The Free On-line Dictionary of Computing: ").contains("program");
        assertThat(api.history(turn.sessionId()).messages())
                .containsExactly(ChatMessage.user("what is a compiler?"), ChatMessage.assistant(turn.reply()));
    }

    @Test
    void a_made_up_term_gets_an_honest_no_entry_never_an_invented_definition() {
        Turn turn = api.chat(null, "what is a florbix quantulator?");

        assertThat(result(turn.events())).isEqualTo(new ToolResult.NoEntry("florbix quantulator"));
        assertThat(turn.reply()).contains("no entry for \"florbix quantulator\"");
    }

    @Test
    void arithmetic_is_exact_and_a_division_by_zero_is_a_clear_error() {
        assertThat(result(api.chat(null, "what's 2^64 - 1?").events()))
                .isEqualTo(new ToolResult.Calculation("2^64 - 1", "18446744073709551615"));
        Turn byZero = api.chat(null, "what is 1/0?");
        assertThat(result(byZero.events())).isEqualTo(new ToolResult.Failed("Division by zero."));
        assertThat(byZero.reply()).isEqualTo("That didn't work: Division by zero.");
    }

    @Test
    void the_admin_tool_is_refused_to_a_user_as_an_event_and_runs_for_the_admin_credential() {
        Turn asUser = api.request(new ChatRequest(null, "what's the server load?"), null);
        Turn withWrongToken = api.request(new ChatRequest(null, "what's the server load?"), "Bearer guess");
        Turn asAdmin = api.request(new ChatRequest(null, "what's the server load?"), "Bearer " + ADMIN_TOKEN);

        assertThat(result(asUser.events())).isInstanceOf(ToolResult.Refused.class);
        assertThat(asUser.reply()).startsWith("I can't do that here: server_load needs the admin role");
        assertThat(result(withWrongToken.events())).isInstanceOf(ToolResult.Refused.class);
        assertThat(result(asAdmin.events())).isInstanceOfSatisfying(ToolResult.Load.class,
                load -> assertThat(load.load().maxActive()).isPositive());
    }

    @Test
    void history_finds_this_sessions_earlier_messages_and_only_this_sessions() {
        String session = api.chat(null, "define daemon").sessionId();
        api.chat(null, "define kernel"); // another session's

        ToolResult found = result(api.chat(session, "did I ask about daemons?").events());
        ToolResult other = result(api.chat(session, "did I mention the kernel?").events());

        assertThat(found).isInstanceOfSatisfying(ToolResult.HistoryMatches.class,
                h -> assertThat(h.messages()).contains(ChatMessage.user("define daemon")));
        assertThat(other).isInstanceOfSatisfying(ToolResult.HistoryMatches.class,
                h -> assertThat(h.messages()).isEmpty());
    }

    @Test
    void forgetting_waits_for_approval_and_a_denial_changes_nothing_stored() {
        String session = api.chat(null, "define daemon").sessionId();
        List<ChatMessage> before = api.history(session).messages();

        Interrupt asked = approvalAskedBy(api.chat(session, "forget this conversation"));
        assertThat(asked.message()).isEqualTo("Delete this conversation (2 messages) from the server? This cannot be undone.");
        assertThat(api.history(session).messages()).as("nothing stored while it waits").isEqualTo(before);

        Turn denied = api.request(new ChatRequest(session, null, List.of(new Resume(asked.id(), false))), null);
        assertThat(result(denied.events())).isInstanceOf(ToolResult.Declined.class);
        assertThat(((ToolCallResult) denied.events().get(1)).toolCallId()).isEqualTo(asked.toolCallId());
        assertThat(api.history(session).messages()).isEqualTo(before);

        Turn approvedTooLate = api.request(new ChatRequest(session, null, List.of(new Resume(asked.id(), true))), null);
        assertThat(approvedTooLate.events().getLast()).as("an answered approval cannot be answered again")
                .isInstanceOfSatisfying(RunError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_UNAVAILABLE));
        assertThat(api.history(session).messages()).isEqualTo(before);
    }

    @Test
    void an_approval_runs_the_call_once_in_its_own_session_only() {
        String session = api.chat(null, "define daemon").sessionId();
        String stranger = api.chat(null, "define kernel").sessionId();
        Interrupt asked = approvalAskedBy(api.chat(session, "forget this conversation"));

        Turn transferred = api.request(new ChatRequest(stranger, null, List.of(new Resume(asked.id(), true))), null);
        Turn forged = api.request(new ChatRequest(session, null, List.of(new Resume("AAAAAAAAAAAAAAAAAAAAAA", true))), null);
        assertThat(transferred.events().getLast()).isInstanceOfSatisfying(RunError.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_UNAVAILABLE));
        assertThat(forged.events().getLast()).isInstanceOfSatisfying(RunError.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_UNAVAILABLE));
        assertThat(api.history(session).messages()).hasSize(2);
        assertThat(api.history(stranger).messages()).hasSize(2);

        Turn approved = api.request(new ChatRequest(session, null, List.of(new Resume(asked.id(), true))), null);
        assertThat(result(approved.events())).isEqualTo(new ToolResult.Forgotten(2));
        assertThat(approved.events().getLast()).isInstanceOf(RunFinished.class);
        assertThat(api.send("GET", "/api/sessions/" + session + "/messages", null, null, "*/*").statusCode())
                .isEqualTo(404);

        Turn replayed = api.request(new ChatRequest(session, null, List.of(new Resume(asked.id(), true))), null);
        assertThat(replayed.response().statusCode()).as("the session is gone with its conversation").isEqualTo(404);
        assertThat(api.history(stranger).messages()).hasSize(2);
    }

    @Test
    void small_talk_still_goes_to_the_model() {
        List<StreamEvent> events = api.chat(null, "hello there").events();

        assertThat(events).noneMatch(ToolCallStart.class::isInstance);
        assertThat(events).anyMatch(TextMessageStart.class::isInstance).anyMatch(TextMessageEnd.class::isInstance);
        assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
        assertThat(events.getLast()).isInstanceOf(RunFinished.class);
        assertThat(events).filteredOn(TextMessageContent.class::isInstance).isNotEmpty();
    }

    private static Interrupt approvalAskedBy(Turn turn) {
        List<StreamEvent> events = turn.events();
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("RunStarted",
                "ToolCallStart", "ToolCallArgs", "ToolCallEnd", "RunFinished");
        assertThat(((ToolCallStart) events.get(1)).toolCallName()).isEqualTo("forget");
        assertThat(events.get(3)).isInstanceOf(ToolCallEnd.class);
        List<Interrupt> interrupts = ((RunFinished) events.getLast()).interrupts();
        assertThat(interrupts).hasSize(1);
        assertThat(interrupts.getFirst().reason()).isEqualTo(Interrupt.TOOL_APPROVAL);
        assertThat(interrupts.getFirst().toolCallId()).isEqualTo(((ToolCallStart) events.get(1)).toolCallId());
        return interrupts.getFirst();
    }

    private static ToolResult result(List<StreamEvent> events) {
        return events.stream().filter(ToolCallResult.class::isInstance).map(e -> ((ToolCallResult) e).content())
                .map(WireFormat::decodeToolResult).findFirst().orElseThrow();
    }
}
