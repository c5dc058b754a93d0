package org.hybridchat.client.stream;

import java.util.function.Consumer;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.browser.Window;

/**
 * The page's side of the server API: {@code POST /api/chat} answered by a stream of events, and
 * {@code GET /api/sessions/{id}/messages}.
 *
 * <p>Why XMLHttpRequest, not fetch: EventSource cannot POST, and of the two ways left, TeaVM 0.15's
 * bindings cover XMLHttpRequest and its progress events but not fetch, Response or TextDecoder.
 * XHR's {@code responseText} is already decoded, even when a chunk ends inside a multi-byte
 * character, so each progress event just parses the text after the last one. The costs: the whole
 * response stays in memory (nothing, for one reply), and browsers fire progress at most every ~50 ms,
 * so tokens that come faster show up in small batches and a first-token time can read that much late.
 */
public final class ChatClient {

    /** What happens to one run: its events in order, then nothing; or a failure that ends it. */
    public interface RunListener {
        void onEvent(StreamEvent event);

        /**
         * The run failed; {@code unreachable} when no reply began because the server could not be
         * reached or answered 5xx (down, restarting, or a proxy in front of it said so), as opposed to
         * refusing the message or breaking off mid-reply.
         */
        void onFailure(String message, boolean unreachable);

        /**
         * The server answered 404 {@code unknown_session} before the stream opened: the session
         * expired or was lost. Nothing was stored; the same message can start a new session.
         */
        void onUnknownSession();
    }

    private ChatClient() {}

    /** Whether {@code event} is the last of its run: nothing may follow RUN_FINISHED or RUN_ERROR. */
    public static boolean endsRun(StreamEvent event) {
        return event instanceof RunFinished || event instanceof RunError;
    }

    /** Sends {@code request} and reports the reply's events as they arrive. */
    public static void send(ChatRequest request, RunListener listener) {
        XMLHttpRequest xhr = new XMLHttpRequest();
        xhr.open("POST", "api/chat");
        xhr.setRequestHeader("Content-Type", "application/json");
        xhr.setRequestHeader("Accept", "text/event-stream");
        Run run = new Run(xhr, listener);
        xhr.onProgress(e -> run.read());
        xhr.onLoad(e -> run.end());
        xhr.onError(e -> run.fail("Cannot reach the server."));
        xhr.send(WireFormat.encode(request));
    }

    /**
     * Fetches a session's messages: {@code found} gets them, {@code unknown} runs on 404 (the server
     * forgot the session), {@code failed} gets a message for anything else.
     */
    public static void history(String sessionId, Consumer<Conversation> found, Runnable unknown,
                               Consumer<String> failed) {
        XMLHttpRequest xhr = new XMLHttpRequest();
        xhr.open("GET", "api/sessions/" + Window.encodeURIComponent(sessionId) + "/messages");
        xhr.setRequestHeader("Accept", "application/json");
        xhr.onLoad(e -> {
            if (xhr.getStatus() == 404) {
                unknown.run();
            } else if (xhr.getStatus() != 200) {
                failed.accept(Problem.describe(xhr));
            } else {
                try {
                    found.accept(WireFormat.decodeConversation(xhr.getResponseText()));
                } catch (WireFormatException ex) {
                    failed.accept("The conversation could not be read: " + ex.getMessage());
                }
            }
        });
        xhr.onError(e -> failed.accept("Cannot reach the server."));
        xhr.send();
    }

    /** One streaming response: how much of it has been parsed, and whether its run has ended. */
    private static final class Run {
        private final XMLHttpRequest xhr;
        private final RunListener listener;
        private final SseParser parser = new SseParser();
        private int parsed;
        private boolean started;
        private boolean ended;

        Run(XMLHttpRequest xhr, RunListener listener) {
            this.xhr = xhr;
            this.listener = listener;
        }

        void read() {
            if (ended || xhr.getStatus() != 200) {
                return; // an error body is read whole, in end()
            }
            String text = xhr.getResponseText();
            String fresh = text.substring(parsed);
            parsed = text.length();
            for (String data : parser.feed(fresh)) {
                StreamEvent event;
                try {
                    event = WireFormat.decodeEvent(data);
                } catch (WireFormatException ex) {
                    fail("The server sent an event this page cannot read: " + ex.getMessage());
                    return;
                }
                started = true;
                ended = endsRun(event);
                listener.onEvent(event);
                if (ended) {
                    xhr.abort();
                    return;
                }
            }
        }

        void end() {
            if (xhr.getStatus() == 404 && ErrorCode.UNKNOWN_SESSION.equals(Problem.code(xhr))) {
                ended = true;
                listener.onUnknownSession();
                return;
            }
            if (xhr.getStatus() != 200) {
                fail(Problem.describe(xhr));
                return;
            }
            read();
            if (!ended) {
                fail("The reply stopped before it was finished.");
            }
        }

        private void fail(String message) {
            boolean unreachable = !started && (xhr.getStatus() == 0 || xhr.getStatus() >= 500);
            ended = true;
            xhr.abort();
            listener.onFailure(message, unreachable);
        }
    }
}
