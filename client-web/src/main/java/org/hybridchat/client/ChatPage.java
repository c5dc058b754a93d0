package org.hybridchat.client;

import java.util.List;
import org.hybridchat.client.conversation.MessageList;
import org.hybridchat.client.conversation.ReplyTiming;
import org.hybridchat.client.conversation.ReplyView;
import org.hybridchat.client.privacy.PrivacyPrompt;
import org.hybridchat.client.route.Router;
import org.hybridchat.client.route.Router.OnDevice;
import org.hybridchat.client.route.Router.ToServer;
import org.hybridchat.client.stream.ChatClient;
import org.hybridchat.client.stream.ChatClient.RunListener;
import org.hybridchat.client.stream.LoadWatch;
import org.hybridchat.client.stream.ServerHealth;
import org.hybridchat.client.suggest.page.ModelStatus;
import org.hybridchat.client.suggest.page.SuggestWorkerHandle;
import org.hybridchat.client.suggest.page.SuggestionField;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Interrupt;
import org.hybridchat.contract.Pii;
import org.hybridchat.contract.Pii.Finding;
import org.hybridchat.contract.Resume;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Performance;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLButtonElement;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLSelectElement;
import org.teavm.jso.dom.html.HTMLTextAreaElement;

/**
 * The chat page. TeaVM compiles this class, and all it reaches, into {@code js/chat.js};
 * {@code index.html} calls {@code main()}. Each message is routed ({@link Router}): answered here on
 * the device, or, after the privacy check, sent to the server, whose reply streams in. When the server
 * cannot be reached the device answers instead, until {@link ServerHealth} finds the server again.
 * Typing asks the model in the worker for a suggestion. In a reply, a term's chip asks about it
 * through the same path ("what is …?"), and an approval card's Approve or Deny answers the run's
 * interrupt with a request that carries a {@link Resume} instead of a message.
 *
 * <p>The elements it drives, by id: {@code #messages}, {@code #input}, {@code #send},
 * {@code #placement} (auto, device, server), {@code #typed} + {@code #suggestion} (the ghost text),
 * {@code #model-progress} + {@code #model-status}, {@code #privacy} (see {@link PrivacyPrompt}),
 * {@code #server-state}, {@code #server-load} (how busy the server's model is, polled by
 * {@link LoadWatch}) and {@code #status} (problems). {@code ?target=js} or {@code wasm} in the
 * page's URL picks the worker's build.
 */
public final class ChatPage {

    private static final String SERVER = "server";
    static final String EXPIRED = "The earlier conversation is no longer on the server (it expired), so a new "
            + "conversation starts here; your message was sent again.";

    private final HTMLDocument document = HTMLDocument.current();
    private final HTMLTextAreaElement input = element("input");
    private final HTMLButtonElement send = element("send");
    private final HTMLSelectElement placement = element("placement");
    private final HTMLElement status = element("status");
    private final HTMLElement serverState = element("server-state");
    private final HTMLElement serverLoad = element("server-load");
    private final MessageList messages = new MessageList(document, element("messages"), new MessageList.Actions() {
        @Override
        public void ask(String question) {
            submit(question, false);
        }

        @Override
        public boolean resume(Interrupt interrupt, boolean approved) {
            return answer(interrupt, approved);
        }
    });
    private final ModelStatus modelStatus = new ModelStatus(element("model-progress"), element("model-status"));
    private final SuggestWorkerHandle worker = new SuggestWorkerHandle(queryParameter("target"), modelStatus);
    private final SuggestionField suggestions = new SuggestionField(input, element("typed"), element("suggestion"), worker);
    private final PrivacyPrompt privacy = new PrivacyPrompt(element("privacy"), element("privacy-summary"),
            element("privacy-preview"), element("redact-send"), element("send-as-is"), element("privacy-edit"),
            () -> input.focus());
    private final ServerHealth health = new ServerHealth(new ServerHealth.Listener() {
        @Override
        public void unreachable() {
            showServerState("offline", "Server unreachable: this device answers until it is back.");
        }

        @Override
        public void back() {
            showServerState("online", "");
        }
    });
    private final SavedSession session = new SavedSession();

    public static void main(String[] args) {
        new ChatPage().start();
    }

    private void start() {
        input.setMaxLength(ChatRequest.MAX_MESSAGE_LENGTH);
        input.onKeyDown(this::onKeyDown);
        send.onClick(e -> send());
        worker.onAnswer(answer -> {
            suggestions.show(answer);
            modelStatus.answered(answer.millis());
        });
        showServerState("online", "");
        LoadWatch.start(this::showServerLoad);
        ChatClient.exposeDropForTests();
        restoreHistory();
        input.focus();
    }

    private void restoreHistory() {
        String id = session.id();
        if (id == null) {
            return;
        }
        ChatClient.history(id, conversation -> {
            for (ChatMessage message : conversation.messages()) {
                if (message.role() == Role.USER) {
                    messages.addUser(message.content());
                } else {
                    messages.addEarlierReply(SERVER, message.content());
                }
            }
        }, session::forget, this::showProblem);
    }

    private void onKeyDown(KeyboardEvent event) {
        // Enter sends, Shift+Enter is a new line; during IME composition Enter picks a character.
        if (event.getKey().equals("Enter") && !event.isShiftKey() && !event.isComposing()) {
            event.preventDefault();
            send();
        }
    }

    private void send() {
        submit(input.getValue(), true);
    }

    /**
     * Sends a message the normal way: routed, checked for private data, then answered. {@code typed}
     * when it is the input's text, which then empties; a question asked by a chip leaves the input be.
     */
    private void submit(String text, boolean typed) {
        if (send.isDisabled() || text.isBlank() || privacy.isOpen()) {
            return;
        }
        showProblem("");
        double sentAt = Performance.now();
        switch (Router.route(text, Router.Mode.of(placement.getValue()), health.isReachable())) {
            case OnDevice device -> {
                ReplyView reply = startReply(text, typed, "device", sentAt);
                reply.answerOnDevice(device.answer(), device.offline(), Performance.now());
            }
            case ToServer server -> {
                List<Finding> findings = Pii.find(text);
                if (findings.isEmpty()) {
                    sendToServer(text, typed);
                } else {
                    privacy.ask(text, findings, checked -> sendToServer(checked, typed));
                }
            }
        }
    }

    /** Shows the user's message, clears the input if it was typed there, and opens the reply below it. */
    private ReplyView startReply(String text, boolean typed, String plannedPlacement, double sentAt) {
        messages.addUser(text);
        if (typed) {
            input.setValue("");
            suggestions.refresh();
        }
        return messages.startReply(new ReplyTiming(plannedPlacement, sentAt));
    }

    private void sendToServer(String text, boolean typed) {
        ReplyView reply = startReply(text, typed, SERVER, Performance.now());
        run(new ChatRequest(session.id(), text), reply, text);
    }

    /**
     * Answers an interrupt the last run ended with: a request with no message and one resume entry,
     * whose reply (the tool's result and some text) shows as a new reply. False while another run
     * streams, as replies would interleave in one session.
     */
    private boolean answer(Interrupt interrupt, boolean approved) {
        if (send.isDisabled() || session.id() == null) {
            return false;
        }
        showProblem("");
        ReplyView reply = messages.startReply(new ReplyTiming(SERVER, Performance.now()));
        run(new ChatRequest(session.id(), null, List.of(new Resume(interrupt.id(), approved))), reply, null);
        return true;
    }

    /** Streams one run into {@code reply}; {@code message} is what the device answers if the server is out of reach. */
    private void run(ChatRequest request, ReplyView reply, String message) {
        send.setDisabled(true); // one run at a time: replies would interleave in one session
        ChatClient.send(request, new RunListener() {
            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof RunStarted started) {
                    session.remember(started.threadId());
                    health.succeeded();
                }
                if (event instanceof ToolCallResult result && forgot(result)) {
                    session.forget(); // the server deleted the conversation: the next message starts anew
                }
                if (event instanceof RunError error) {
                    showProblem(error.message());
                    if (ErrorCode.UNKNOWN_SESSION.equals(error.code())) {
                        session.forget(); // the next message starts a new session
                    }
                }
                reply.apply(event, Performance.now());
                if (ChatClient.endsRun(event)) {
                    send.setDisabled(false);
                }
            }

            @Override
            public void onResumed() {
                reply.resumed();
            }

            @Override
            public void onFailure(String failure, boolean unreachable) {
                send.setDisabled(false);
                if (unreachable) {
                    health.failed();
                }
                if (unreachable && message != null) {
                    reply.answerOnDevice(Router.offline(message).answer(), true, Performance.now());
                    return;
                }
                showProblem(failure);
                reply.fail(Performance.now());
            }

            // The server forgot the session (it expired, its store lost it, or it was forgotten on
            // request): nothing was stored, so the same message starts a new conversation, and the page
            // says so above the reply. An answer to an approval has nothing to carry over.
            @Override
            public void onUnknownSession() {
                session.forget();
                if (request.sessionId() == null || message == null) {
                    onFailure(message == null ? "This conversation is no longer on the server; nothing was done."
                            : "The server did not accept a new conversation; try again.", false);
                    return;
                }
                messages.addNoticeBefore(reply, EXPIRED);
                run(new ChatRequest(null, message), reply, message);
            }
        });
    }

    private static boolean forgot(ToolCallResult result) {
        try {
            return WireFormat.decodeToolResult(result.content()) instanceof ToolResult.Forgotten;
        } catch (WireFormatException undecodable) {
            return false; // its card says so
        }
    }

    private void showServerState(String state, String message) {
        serverState.setAttribute("data-state", state);
        serverState.setTextContent(message);
    }

    /** Attributes for tests and styles, a sentence for people; nothing while the load is unknown. */
    private void showServerLoad(ServerLoad load) {
        if (load == null) {
            serverLoad.removeAttribute("data-active");
            serverLoad.removeAttribute("data-waiting");
            serverLoad.setTextContent("");
            return;
        }
        serverLoad.setAttribute("data-active", Integer.toString(load.active()));
        serverLoad.setAttribute("data-waiting", Integer.toString(load.waiting()));
        serverLoad.setTextContent("Server model: " + load.active() + " of " + load.maxActive() + " replies being written, "
                + load.waiting() + " waiting");
    }

    private void showProblem(String message) {
        status.setTextContent(message);
    }

    private <T extends HTMLElement> T element(String id) {
        HTMLElement element = document.getElementById(id);
        if (element == null) {
            throw new IllegalStateException("index.html lacks #" + id);
        }
        return element.cast();
    }

    /** A parameter of the page's URL, or null. */
    @JSBody(params = "name", script = "return new URLSearchParams(location.search).get(name);")
    private static native String queryParameter(String name);
}
