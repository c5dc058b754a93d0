package org.hybridchat.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * One {@link Cluster} for every cluster test of a run: each start costs two replicas of 10 to 20 s
 * and about 1 GB each. A JUnit extension, in a static {@code @RegisterExtension} field: the first test
 * class that needs the cluster starts it (its files in {@code cluster/target/cluster}), and it is
 * closed when the whole run ends; before each test, a replica that an earlier test killed is started
 * again, so that every test begins with both.
 */
final class SharedCluster implements BeforeAllCallback, BeforeEachCallback {

    private static final Namespace NAMESPACE = Namespace.create(SharedCluster.class);

    private Cluster cluster;

    /** Closed by JUnit once the run's last test is done. */
    private record Running(Cluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> new Running(start()), Running.class).cluster();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        cluster.restartStopped();
    }

    Cluster cluster() {
        return cluster;
    }

    private static Cluster start() {
        try {
            Path work = Path.of(System.getProperty("cluster.work", "target/cluster"));
            deleteRecursively(work);
            return Cluster.start(Path.of(System.getProperty("server.jar", "../server/target/hybrid-chat-server.jar")),
                    // the rules plan: the tests drop and resume the model's long replies, not tools'
                    work, 0, List.of("hybridchat.planner=rules"));
        } catch (Exception e) {
            throw new IllegalStateException("the cluster did not start", e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
