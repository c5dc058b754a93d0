package org.hybridchat.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process this JVM started and must not outlive: stopped when closed, or when the JVM exits,
 * whichever comes first. Stopping asks (SIGTERM) and waits up to a grace, then kills (SIGKILL) the
 * process and anything it started that is still there: nginx's workers, say, which a killed master
 * would leave holding its port. {@link LocalServer} and the cluster's Redis and nginx each own one.
 */
public final class OwnedProcess implements AutoCloseable {

    private final Process process;
    private final Duration grace;
    private final Thread stopOnExit;

    /** Owns {@code process} from now on; {@code name} names the JVM's shutdown hook that stops it. */
    public OwnedProcess(Process process, Duration grace, String name) {
        this.process = process;
        this.grace = grace;
        this.stopOnExit = new Thread(this::stop, "stop " + name);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // called from another shutdown hook: ours runs anyway, and finds it stopped
        }
    }

    // The children are listed first: once their parent has gone they are no longer its descendants.
    private void stop() {
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
