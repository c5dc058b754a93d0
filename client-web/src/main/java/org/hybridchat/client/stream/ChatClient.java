package org.hybridchat.client.stream;

import java.util.List;
import java.util.function.Consumer;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
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

        /** The stream broke off mid-run and was resumed: the events that follow continue the same run. */
        void onResumed();
    }

    private static final int FIRST_PAUSE_MILLIS = 500;
    private static final int MAX_PAUSE_MILLIS = 5000;
    private static final int MAX_TRIES = 8;

    /** The run streaming now, for {@link #dropStreamForTests()}. */
    private static Run current;

    /**
     * Breaks the current run's stream as a lost connection would, so that tests can watch it resume.
     * Exposed to the page's scripts as {@code window.hybridChatDropStream()}.
     */
    public static void dropStreamForTests() {
        if (current != null) {
            current.drop();
        }
    }

    /** Makes {@link #dropStreamForTests()} callable from the page's scripts (and so from a browser test). */
    public static void exposeDropForTests() {
        exportDrop(ChatClient::dropStreamForTests);
    }

    @JSFunctor
    interface Drop extends JSObject {
        void drop();
    }

    @JSBody(params = "drop", script = "window.hybridChatDropStream = drop;")
    private static native void exportDrop(Drop drop);

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
        xhr.onProgress(e -> {
            if (run.xhr == xhr) {
                run.read();
            }
        });
        xhr.onLoad(e -> {
            if (run.xhr == xhr) {
                run.end();
            }
        });
        xhr.onError(e -> {
            if (run.xhr == xhr) {
                run.lost("Cannot reach the server.");
            }
        });
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

    /**
     * One run, over one or more streaming responses: the POST's, then, if the connection breaks after
     * RUN_STARTED and before the run ends, {@code GET api/runs/{runId}/events} from the last event id
     * seen, retried with backoff (0.5 s, doubling to 5 s, {@value #MAX_TRIES} tries in a row). Every
     * event has an SSE id, so a resumed stream brings exactly the events not yet seen.
     */
    private static final class Run {
        private final RunListener listener;
        private XMLHttpRequest xhr;
        private SseParser parser = new SseParser();
        private int parsed;
        private boolean started;
        private boolean ended;
        private String runId;
        private String sessionId;
        private String lastEventId = "";
        private int tries; // reconnections since events last arrived
        private boolean resuming;

        Run(XMLHttpRequest xhr, RunListener listener) {
            this.xhr = xhr;
            this.listener = listener;
            current = this;
        }

        void read() {
            if (ended || xhr.getStatus() != 200) {
                return; // an error body is read whole, in end()
            }
            String text = xhr.getResponseText();
            String fresh = text.substring(parsed);
            parsed = text.length();
            List<String> events = parser.feed(fresh);
            if (!events.isEmpty() && resuming) {
                resuming = false;
                listener.onResumed();
            }
            for (String data : events) {
                StreamEvent event;
                try {
                    event = WireFormat.decodeEvent(data);
                } catch (WireFormatException ex) {
                    fail("The server sent an event this page cannot read: " + ex.getMessage());
                    return;
                }
                if (event instanceof RunStarted runStarted) {
                    runId = runStarted.runId();
                    sessionId = runStarted.threadId();
                }
                started = true;
                ended = endsRun(event);
                listener.onEvent(event);
                if (ended) {
                    xhr.abort();
                    return;
                }
            }
            if (!events.isEmpty()) {
                lastEventId = parser.lastEventId();
                tries = 0;
            }
        }

        void end() {
            if (ended) {
                return;
            }
            if (!resuming && xhr.getStatus() == 404 && ErrorCode.UNKNOWN_SESSION.equals(Problem.code(xhr))) {
                ended = true;
                listener.onUnknownSession();
                return;
            }
            if (resuming && xhr.getStatus() == 404) {
                fail("The connection was lost and this reply can no longer be resumed; it may be in the conversation when you reload.");
                return;
            }
            if (xhr.getStatus() != 200 && !(resuming && xhr.getStatus() >= 500)) {
                fail(Problem.describe(xhr));
                return;
            }
            read();
            if (!ended) {
                lost("The reply stopped before it was finished.");
            }
        }

        /** The stream broke off: resumed if the run can be, else the run fails with {@code message}. */
        void lost(String message) {
            if (ended) {
                return;
            }
            if (!resumable() || tries >= MAX_TRIES) {
                fail(message);
                return;
            }
            int pause = Math.min(FIRST_PAUSE_MILLIS << tries, MAX_PAUSE_MILLIS);
            tries++;
            resuming = true;
            xhr.abort();
            Window.setTimeout(this::reconnect, pause);
        }

        /** Breaks the stream as a network failure would, for tests of resuming. */
        void drop() {
            if (!ended) {
                XMLHttpRequest dropped = xhr;
                dropped.abort();
                lost("The connection was lost.");
            }
        }

        private boolean resumable() {
            return runId != null && sessionId != null && !lastEventId.isEmpty();
        }

        private void reconnect() {
            if (ended) {
                return;
            }
            XMLHttpRequest next = new XMLHttpRequest();
            next.open("GET", "api/runs/" + Window.encodeURIComponent(runId) + "/events?sessionId="
                    + Window.encodeURIComponent(sessionId) + "&lastEventId=" + Window.encodeURIComponent(lastEventId));
            next.setRequestHeader("Accept", "text/event-stream");
            xhr = next;
            parser = new SseParser();
            parsed = 0;
            next.onProgress(e -> {
                if (xhr == next) {
                    read();
                }
            });
            next.onLoad(e -> {
                if (xhr == next) {
                    end();
                }
            });
            next.onError(e -> {
                if (xhr == next) {
                    lost("Cannot reach the server.");
                }
            });
            next.send();
        }

        private void fail(String message) {
            boolean unreachable = !started && (xhr.getStatus() == 0 || xhr.getStatus() >= 500);
            ended = true;
            xhr.abort();
            listener.onFailure(message, unreachable);
        }
    }
}
