package org.hybridchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.SseEntries;
import org.hybridchat.server.SseEntries.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica dies (SIGKILL) while it writes a reply that a client reads through the proxy: the
 * client's stream breaks, it asks the proxy for the rest after the last id it has, the proxy sends
 * that to the survivor, which takes the run over once the dead replica's lease has expired and writes
 * the rest of the reply. The client ends with the whole reply, nothing lost, nothing twice, exactly
 * what Redis logged and stored.
 */
class FailoverTest {

    static final String QUESTION = "Tell me everything about operating systems.";

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster();

    /** The first part of a run, read through the proxy until its replica was killed. */
    record Cut(Replica killed, RunStarted run, List<Entry> received, Entry loggedAtKill) {}

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_replica_killed_mid_reply_leaves_the_client_resuming_through_the_proxy_on_the_survivor_with_the_whole_reply()
            throws Exception {
        Cluster cluster = shared.cluster();
        ChatApi proxy = new ChatApi(cluster.url());
        // A short reply (most of the model's plain replies are one sentence) may have its text all written
        // before the kill; a few tries, each a new conversation.
        Cut tried = null;
        for (int attempt = 0; attempt < 5 && tried == null; attempt++) {
            tried = killMidReply(cluster, proxy);
        }
        Cut cut = tried;
        assertThat(cut).as("a reply still being written when its replica was killed").isNotNull();
        Replica survivor = cluster.other(cut.killed());

        List<Entry> received = new ArrayList<>(cut.received());
        HttpResponse<Stream<String>> resumed = proxy.openRunEvents(cut.run().runId(), cut.run().threadId(),
                received.getLast().id());
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(cluster.answered(resumed.headers().firstValue("X-Upstream").orElseThrow())).isEqualTo(survivor);
        try (SseEntries rest = new SseEntries(resumed)) {
            received.addAll(rest.rest());
        }

        assertThat(received.getLast().event()).isInstanceOf(RunFinished.class);
        assertThat(received).extracting(Entry::id).as("each once, in order")
                .isSortedAccordingTo(StoredRun::compareIds).doesNotHaveDuplicates();
        assertThat(received).as("exactly the run's log").isEqualTo(StoredRun.entries(cluster.redis(), cut.run().runId()));
        assertThat(received).filteredOn(entry -> StoredRun.compareIds(entry.id(), cut.loggedAtKill().id()) > 0)
                .as("written by the survivor").anyMatch(entry -> entry.event() instanceof TextMessageContent);
        assertThat(received).as("one text message").filteredOn(entry -> entry.event() instanceof TextMessageStart).hasSize(1);
        assertThat(received).filteredOn(entry -> entry.event() instanceof TextMessageEnd).hasSize(1);
        assertThat(proxy.history(cut.run().threadId()).messages()).as("stored whole, once")
                .containsExactly(ChatMessage.user(QUESTION), ChatMessage.assistant(StoredRun.text(received)));
    }

    /**
     * Asks through the proxy, kills the replica that answered once the reply's first text has come,
     * and reads what the broken stream still brings; null if the reply's text had all been logged before
     * the kill (the survivor would only store it and end the run).
     */
    static Cut killMidReply(Cluster cluster, ChatApi proxy) throws Exception {
        HttpResponse<Stream<String>> response = proxy.openChat(null, QUESTION);
        Replica writer = cluster.answered(response.headers().firstValue("X-Upstream").orElseThrow());
        SseEntries stream = new SseEntries(response);
        List<Entry> received = new ArrayList<>(stream.until(TextMessageContent.class::isInstance));
        RunStarted run = (RunStarted) received.getFirst().event();

        writer.kill();
        Entry loggedAtKill = StoredRun.last(cluster.redis(), run.runId());
        received.addAll(untilBroken(stream));
        if (SseEntries.endsRun(loggedAtKill.event()) || loggedAtKill.event() instanceof TextMessageEnd) {
            cluster.restartStopped();
            return null;
        }
        return new Cut(writer, run, received, loggedAtKill);
    }

    /** The rest of a stream whose replica has gone: what was already on its way, up to the break. */
    static List<Entry> untilBroken(SseEntries stream) {
        List<Entry> entries = new ArrayList<>();
        try (stream) {
            for (Entry entry = stream.next(); entry != null; entry = stream.next()) {
                entries.add(entry);
            }
        } catch (UncheckedIOException broken) {
            // nginx ends a chunked response whose upstream vanished without its last chunk
        }
        return entries;
    }
}
