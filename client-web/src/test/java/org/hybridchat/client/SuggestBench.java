package org.hybridchat.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.worker.SuggestWorker;
import org.hybridchat.client.suggest.Suggester;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser placement's numbers, printed: the model file's size, what a browser downloads for the
 * page with each worker build (raw and gzipped), and the suggestion latency per keystroke in headless
 * Chromium for the Wasm and JS builds, beside the same code on this JVM. Run by {@code bin/bench-browser};
 * a command, not a test, because timings on a shared machine are a measurement, not a verdict.
 *
 * <p>A keystroke is one prefix of a typed message; {@link #MESSAGES} typed letter by letter, once to
 * warm up (JIT compilers, caches), then {@code passes} times measured. "model" is the worker's time in
 * {@link Suggester#suggest}; "round trip" is what the page waits, from postMessage to the answer.
 */
public final class SuggestBench {

    private static final List<String> MESSAGES = List.of(
            "what is the difference between a process and a thread",
            "how does the operating system schedule programs",
            "explain how a compiler translates source code",
            "which programming language should i learn first",
            "how do i configure the network interface",
            "what does the kernel do when a program crashes",
            "is a daemon the same as a background service",
            "tell me about the history of the internet",
            "how are passwords stored in a database",
            "what is an object oriented programming language",
            "why is my computer running so slowly today",
            "can you explain recursion with a simple example",
            "what happens when i type an address into the browser",
            "how does public key encryption work",
            "what is the best way to learn unix commands",
            "define virtual memory and paging",
            "how many bits are there in a byte",
            "what is the world wide web consortium",
            "who wrote the first version of the unix operating system",
            "describe the structure of a typical network packet");

    private static final Path STATIC = Path.of("client-web/target/classes/static");

    private SuggestBench() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> keystrokes = keystrokes();

        byte[] model = Files.readAllBytes(STATIC.resolve(SuggestWorker.MODEL_FILE));
        System.out.printf("Model file: %s, %,d bytes (%,d gzipped); target <= 100 KB%n%n",
                SuggestWorker.MODEL_FILE, model.length, gzipped(model));
        bundles();

        System.out.printf("%nSuggestion latency per keystroke: %,d keystrokes x %d passes, after one warm-up pass%n",
                keystrokes.size(), passes);
        System.out.println("                     model p50   model p99   round trip p50   round trip p99");
        row("JVM (" + Runtime.version().feature() + ")", jvm(CharModel.read(model), keystrokes, passes), null);
        try (GoldenReplayServer server = new GoldenReplayServer(true)) {
            Path profile = Files.createTempDirectory("chromium-bench");
            ChromeDriver browser = BrowserTest.chromium(profile);
            try {
                browser.get(server.url());
                for (String target : List.of("wasm", "js")) {
                    List<WorkerDriver.Answer> answers = new ArrayList<>();
                    WorkerDriver.suggest(browser, target, keystrokes); // warm-up
                    for (int pass = 0; pass < passes; pass++) {
                        answers.addAll(WorkerDriver.suggest(browser, target, keystrokes));
                    }
                    row("Chromium, " + target, answers.stream().mapToDouble(WorkerDriver.Answer::millis).toArray(),
                            answers.stream().mapToDouble(WorkerDriver.Answer::roundTripMillis).toArray());
                }
                System.out.println("Target: p99 <= 1 ms. Browser clock: performance.now(), 5 us steps when, as here, "
                        + "the page is cross-origin isolated.");
            } finally {
                browser.quit();
                BrowserTest.deleteFolder(profile);
            }
        }
    }

    /** What the browser downloads: the page, then one worker build, then the model. */
    private static void bundles() throws IOException {
        List<String> page = List.of("index.html", "chat.css", "js/chat.js");
        List<String> wasm = List.of("js/worker.js", "js/worker.wasm-runtime.js", "js/worker.wasm");
        List<String> js = List.of("js/worker.js", "js/worker-teavm.js");
        List<String> model = List.of(SuggestWorker.MODEL_FILE);
        System.out.println("Client bundle                      raw      gzipped");
        long[] pageSize = size("page (html, css, chat.js)", page);
        long[] wasmSize = size("worker, Wasm GC build", wasm);
        long[] jsSize = size("worker, JS build", js);
        long[] modelSize = size("model", model);
        total("total with the Wasm worker", pageSize, wasmSize, modelSize);
        total("total with the JS worker", pageSize, jsSize, modelSize);
        System.out.println("Target: client code plus model <= 150 KB gzipped (each file gzipped on its own, -9).");
    }

    private static long[] size(String label, List<String> files) throws IOException {
        long raw = 0;
        long gzip = 0;
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(STATIC.resolve(file));
            raw += bytes.length;
            gzip += gzipped(bytes);
        }
        System.out.printf("  %-28s %7.1f KB %7.1f KB   %s%n", label, raw / 1024.0, gzip / 1024.0, String.join(", ", files));
        return new long[] {raw, gzip};
    }

    private static void total(String label, long[]... parts) {
        long raw = Arrays.stream(parts).mapToLong(p -> p[0]).sum();
        long gzip = Arrays.stream(parts).mapToLong(p -> p[1]).sum();
        System.out.printf("  %-28s %7.1f KB %7.1f KB%n", label, raw / 1024.0, gzip / 1024.0);
    }

    private static int gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            gzip.write(bytes);
        }
        return out.size();
    }

    private static List<String> keystrokes() {
        List<String> keystrokes = new ArrayList<>();
        for (String message : MESSAGES) {
            for (int typed = 1; typed <= message.length(); typed++) {
                keystrokes.add(message.substring(0, typed));
            }
        }
        return keystrokes;
    }

    private static double[] jvm(CharModel model, List<String> keystrokes, int passes) {
        Suggester suggester = new Suggester(model);
        keystrokes.forEach(suggester::suggest); // warm-up
        double[] millis = new double[keystrokes.size() * passes];
        int i = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (String typed : keystrokes) {
                long start = System.nanoTime();
                suggester.suggest(typed);
                millis[i++] = (System.nanoTime() - start) / 1e6;
            }
        }
        return millis;
    }

    private static void row(String label, double[] model, double[] roundTrip) {
        System.out.printf("  %-18s %8.3f ms %8.3f ms", label, percentile(model, 50), percentile(model, 99));
        if (roundTrip != null) {
            System.out.printf("   %11.3f ms   %11.3f ms", percentile(roundTrip, 50), percentile(roundTrip, 99));
        }
        System.out.println();
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
