package org.hybridchat.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the cluster's parts share: free ports, finding Debian's programs, stopping a process and all it started. */
final class Processes {

    private Processes() {
    }

    /** A port of 127.0.0.1 that was free a moment ago (the process given it binds it soon after). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** A program of a Debian package, which must be installed (bin/cluster and bin/test install it as root). */
    static String program(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: install Debian's " + debianPackage
                    + " (apt-get install " + debianPackage + "; bin/cluster and bin/test do it when run as root)");
        }
        return path;
    }

    /**
     * Asks the process to stop (SIGTERM) and waits up to {@code grace}; then kills it (SIGKILL), and
     * anything it started that is still there: nginx's workers, say, which a killed master would leave
     * holding its port. The children are listed first, as once their parent has gone they are no
     * longer its descendants.
     */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        started.forEach(ProcessHandle::destroyForcibly);
    }
}
