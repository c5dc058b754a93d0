import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hybridchat.cluster.Cluster;
import org.hybridchat.cluster.Replica;

/**
 * What Redis does for the chat, and what that predicts beyond one machine (bin/bench-redis): a loopback
 * {@link Cluster} (Redis, two replicas with a 1 s heartbeat, nginx); one replica is kept full, with
 * {@code STREAMS} chat streams of the model at a time, {@code REPLIES} in all, while Redis counts its
 * commands ({@code INFO commandstats}, reset first) and its own CPU time ({@code INFO cpu}); then the
 * same for replies a tool writes. Prints, per reply, the commands Redis ran (those inside scripts
 * included) and the CPU they took; for the full replica, the share of a Redis core it keeps busy.
 *
 * <pre>java -cp target/bench-cluster/classes:shared-model/target/classes:cluster/target/classes:load-test/target/classes RedisBench JAR [REPLIES] [STREAMS]</pre>
 */
public final class RedisBench {

    static final String MODEL_QUESTION = FailoverBench.QUESTION;
    static final String TOOL_QUESTION = "what is a compiler?";

    private RedisBench() {
    }

    /** What one load did: replies, events, seconds, Redis's commands (by name) and CPU seconds. */
    record Load(int replies, long events, double seconds, Map<String, Long> commands, double redisCpuSeconds) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RedisBench JAR [REPLIES] [STREAMS]");
            System.exit(1);
        }
        int replies = args.length > 1 ? Integer.parseInt(args[1]) : 96;
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        if (replies < 1 || replies > 1000 || streams < 1 || streams > 64) {
            System.err.println("REPLIES must be 1 to 1000, STREAMS 1 to 64 (a replica writes 64 replies at once)");
            System.exit(1);
        }
        Path work = Path.of("target/bench-cluster/redis");
        Files.createDirectories(work);
        try (Cluster cluster = Cluster.start(Path.of(args[0]), work, 0, List.of())) {
            Replica full = cluster.replicas().getFirst();
            System.out.printf("cluster up: %s; %s is kept full, Redis on port %d%n", cluster.url(), full.name(),
                    cluster.redis().port());
            load(cluster, full.url(), MODEL_QUESTION, 8, 8); // warm-up: JIT and libtorch's first calls

            Load model = load(cluster, full.url(), MODEL_QUESTION, replies, streams);
            print("model replies, " + streams + " streams at a time on one replica", model);
            Load tool = load(cluster, full.url(), TOOL_QUESTION, Math.min(replies, 64), 8);
            print("tool replies (define), 8 at a time", tool);

            double coreShare = model.redisCpuSeconds() / model.seconds();
            System.out.printf("%nprojection, not measured: one replica kept full here keeps %.1f%% of a Redis core busy, "
                    + "so one Redis core would log for about %.0f such replicas before it is the bottleneck; a Redis "
                    + "Cluster spreads runs and sessions over its shards by their keys' hash tags, about linearly.%n",
                    100 * coreShare, 1 / coreShare);
        }
    }

    /** {@code replies} chat streams of {@code question}, {@code streams} at a time, read whole; Redis measured around them. */
    static Load load(Cluster cluster, String base, String question, int replies, int streams) throws Exception {
        cluster.redis().call("CONFIG", "RESETSTAT");
        double cpuBefore = redisCpuSeconds(cluster);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < replies; i++) {
            done.add(pool.submit(() -> FailoverBench.readWhole(FailoverBench.post(base, question)).size()));
        }
        long events = 0;
        for (Future<Integer> reply : done) {
            events += reply.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = redisCpuSeconds(cluster) - cpuBefore;
        return new Load(replies, events, seconds, commandCalls(cluster), cpu);
    }

    static void print(String what, Load load) {
        System.out.printf("%n%s: %d replies in %.1f s (%.1f replies/s), %.1f events a reply%n", what, load.replies(),
                load.seconds(), load.replies() / load.seconds(), (double) load.events() / load.replies());
        long all = load.commands().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder byName = new StringBuilder();
        load.commands().forEach((name, calls) -> byName.append(String.format(" %s %.1f", name, (double) calls / load.replies())));
        System.out.printf("  Redis commands a reply: %.1f (%s )%n", (double) all / load.replies(), byName.toString().strip());
        System.out.printf("  Redis CPU: %.2f ms a reply, %.0f us an event, %.1f%% of a core over the load%n",
                1e3 * load.redisCpuSeconds() / load.replies(), 1e6 * load.redisCpuSeconds() / load.events(),
                100 * load.redisCpuSeconds() / load.seconds());
    }

    /** Calls per command since the last reset, most first; commands a script ran count as their own. */
    static Map<String, Long> commandCalls(Cluster cluster) throws Exception {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : info(cluster, "commandstats")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                long count = Long.parseLong(line.replaceAll(".*:calls=(\\d+),.*", "$1"));
                if (!name.startsWith("info") && !name.startsWith("config")) { // the benchmark's own
                    calls.put(name, count);
                }
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(calls.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> ordered = new LinkedHashMap<>();
        sorted.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    static double redisCpuSeconds(Cluster cluster) throws Exception {
        double seconds = 0;
        for (String line : info(cluster, "cpu")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return seconds;
    }

    static List<String> info(Cluster cluster, String section) throws Exception {
        return ((String) cluster.redis().call("INFO", section)).lines().map(String::strip).toList();
    }
}
