import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hybridchat.cluster.Cluster;
import org.hybridchat.cluster.Replica;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;

/**
 * Replica failover, measured (bin/bench-failover): a loopback {@link Cluster} (Redis, two replicas with
 * a 1 s heartbeat, nginx); in each round a chat reply is asked for through the proxy, and once its
 * first text has arrived the replica writing it is killed (SIGKILL). The client at once asks the proxy
 * for the rest with Last-Event-ID, and the survivor takes the run over when the dead replica's lease
 * has expired. Two times from the kill: to the first event the resumed stream brings, and to the first
 * event the survivor wrote itself (after the last one Redis held at the kill). Each round checks that
 * the client got the run's log whole and once. The killed replica is started again between rounds.
 *
 * Spring properties for both replicas may follow, such as {@code --hybridchat.chat.heartbeat=5s} (the
 * server's default) to see what the cluster's shorter heartbeat buys.
 *
 * <pre>java -cp target/bench-cluster/classes:shared-model/target/classes:cluster/target/classes:load-test/target/classes FailoverBench JAR [ROUNDS] [--spring.property=value ...]</pre>
 */
public final class FailoverBench {

    static final String QUESTION = "Tell me everything about operating systems.";
    static final int MAX_ROUNDS = 30;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FailoverBench() {
    }

    /** One SSE message: its id and its event. */
    record Entry(String id, StreamEvent event, long receivedNanos) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FailoverBench JAR [ROUNDS] [--spring.property=value ...]");
            System.exit(1);
        }
        int rounds = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 10;
        List<String> properties = Arrays.stream(args).skip(1).filter(arg -> arg.startsWith("--"))
                .map(arg -> arg.substring(2)).toList();
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            System.err.println("ROUNDS must be 1 to " + MAX_ROUNDS + ": each round restarts a replica (10 to 20 s)");
            System.exit(1);
        }
        Path work = Path.of("target/bench-cluster/failover");
        Files.createDirectories(work);
        try (Cluster cluster = Cluster.start(Path.of(args[0]), work, 0, properties)) {
            System.out.printf("cluster up: %s, replicas %s; logs in %s%n", cluster.url(), cluster.replicas(), work);
            for (Replica replica : cluster.replicas()) {
                readWhole(post(replica.url())); // warm-up: JIT and libtorch's first calls, on both
            }
            List<Double> toResumed = new ArrayList<>();
            List<Double> toSurvivorsOwn = new ArrayList<>();
            int wholeBeforeKill = 0;
            while (toResumed.size() < rounds) {
                cluster.restartStopped();
                double[] times = round(cluster);
                if (times == null) {
                    wholeBeforeKill++;
                    continue;
                }
                toResumed.add(times[0]);
                toSurvivorsOwn.add(times[1]);
                System.out.printf("  round %2d: first resumed event %6.0f ms, first event the survivor wrote %6.0f ms%n",
                        toResumed.size(), times[0], times[1]);
            }
            System.out.printf("replica failover, %d kills (SIGKILL) mid-reply, resumed through nginx (replicas: %s); "
                            + "%d more replies were whole before their kill and are not counted%n",
                    rounds, String.join(" ", Cluster.overridden(Cluster.REPLICA_PROPERTIES, properties)), wholeBeforeKill);
            print("kill -> first resumed event", toResumed);
            print("kill -> first event the survivor wrote", toSurvivorsOwn);
        }
    }

    /** One kill; its two times in ms, or null if the reply was whole in Redis before the kill. */
    static double[] round(Cluster cluster) throws Exception {
        HttpResponse<Stream<String>> response = post(cluster.url());
        Replica writer = cluster.answered(response.headers().firstValue("X-Upstream").orElseThrow());
        Iterator<String> lines = response.body().iterator();
        List<Entry> received = new ArrayList<>();
        Entry entry;
        do {
            entry = next(lines);
            if (entry == null) {
                throw new IllegalStateException("the stream ended before its run: " + received);
            }
            received.add(entry);
        } while (!(entry.event() instanceof StreamEvent.TextMessageContent) && !ends(entry.event()));
        StreamEvent.RunStarted run = (StreamEvent.RunStarted) received.getFirst().event();

        long killed = System.nanoTime();
        writer.kill();
        String loggedAtKill = lastLoggedId(cluster, run.runId());
        try {
            for (entry = next(lines); entry != null; entry = next(lines)) {
                received.add(entry);
            }
        } catch (UncheckedIOException broken) {
            // nginx ends a chunked response whose upstream vanished without its last chunk
        }
        response.body().close();
        if (ends(received.getLast().event()) || loggedAtKill == null) {
            return null;
        }

        // The client reconnects at once (the page waits 0.5 s first): the proxy sends it to the survivor.
        HttpResponse<Stream<String>> resumed = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url() + "/api/runs/"
                        + run.runId() + "/events?sessionId=" + run.threadId()))
                .header("Accept", "text/event-stream").header("Last-Event-ID", received.getLast().id()).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (resumed.statusCode() != 200) {
            throw new IllegalStateException("resuming got " + resumed.statusCode());
        }
        int before = received.size();
        received.addAll(readWhole(resumed));
        Entry firstResumed = received.get(before);
        Entry survivorsFirst = received.stream().filter(e -> compareIds(e.id(), loggedAtKill) > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("the survivor wrote nothing"));
        check(cluster, run.runId(), received);
        return new double[] {(firstResumed.receivedNanos() - killed) / 1e6, (survivorsFirst.receivedNanos() - killed) / 1e6};
    }

    /** The client got the run's log, each event once, in order, to RUN_FINISHED. */
    static void check(Cluster cluster, String runId, List<Entry> received) throws IOException {
        Set<String> ids = new HashSet<>();
        for (Entry entry : received) {
            if (!ids.add(entry.id())) {
                throw new IllegalStateException("received twice: " + entry);
            }
        }
        if (!(received.getLast().event() instanceof StreamEvent.RunFinished)) {
            throw new IllegalStateException("the resumed run ended with " + received.getLast().event());
        }
        List<?> log = (List<?>) cluster.redis().call("XRANGE", "hybridchat:run:{" + runId + "}", "-", "+");
        List<String> loggedIds = log.stream().map(e -> (String) ((List<?>) e).getFirst()).toList();
        if (!loggedIds.equals(received.stream().map(Entry::id).toList())) {
            throw new IllegalStateException("received " + received.size() + " events, the log holds " + log.size());
        }
    }

    static String lastLoggedId(Cluster cluster, String runId) throws IOException {
        List<?> last = (List<?>) cluster.redis().call("XREVRANGE", "hybridchat:run:{" + runId + "}", "+", "-", "COUNT", "1");
        if (last.isEmpty()) {
            return null;
        }
        List<?> entry = (List<?>) last.getFirst();
        List<?> fields = (List<?>) entry.get(1);
        // a log that already ends has nothing left for a survivor to write
        return ends(WireFormat.decodeEvent((String) fields.get(1))) ? null : (String) entry.getFirst();
    }

    static HttpResponse<Stream<String>> post(String base) throws IOException, InterruptedException {
        return post(base, QUESTION);
    }

    /** A new conversation's first message, its stream open. */
    static HttpResponse<Stream<String>> post(String base, String message) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(WireFormat.encode(new ChatRequest(null, message)))).build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    static List<Entry> readWhole(HttpResponse<Stream<String>> response) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<String> body = response.body()) {
            Iterator<String> lines = body.iterator();
            for (Entry entry = next(lines); entry != null; entry = next(lines)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The next SSE message with data (pings are comments, and skipped), or null at the end. */
    static Entry next(Iterator<String> lines) {
        String id = null;
        String data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty() && data != null) {
                return new Entry(id, WireFormat.decodeEvent(data), System.nanoTime());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring(5);
            }
        }
        return null;
    }

    static boolean ends(StreamEvent event) {
        return event instanceof StreamEvent.RunFinished || event instanceof StreamEvent.RunError;
    }

    static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    static void print(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("  %-40s p50 %6.0f ms   p99 %6.0f ms   range %.0f-%.0f ms%n", what, percentile(sorted, 50),
                percentile(sorted, 99), sorted.getFirst(), sorted.getLast());
    }

    /** Nearest rank: with fewer than 100 rounds, p99 is the slowest. */
    static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
