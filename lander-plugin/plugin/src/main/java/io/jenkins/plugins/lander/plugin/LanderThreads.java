package io.jenkins.plugins.lander.plugin;

import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that run landing work off the CPS VM thread and off request threads: step bodies
 * (which may run for an hour) and archival uploads, plus the ticket reports. A cached pool,
 * because {@code jenkins.util.Timer} has few threads and must not be held by long work. Like
 * {@code SynchronousNonBlockingStepExecution}'s pool it is never shut down: its daemon threads
 * die with the controller, and the tickets' journals let the steps resume after the restart.
 */
public final class LanderThreads {
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(new NamingThreadFactory(new DaemonThreadFactory(), "Lander"));
    /** One thread, so that a ticket receives its reports in the order they happened. */
    private static final ExecutorService REPORTS =
            Executors.newSingleThreadExecutor(new NamingThreadFactory(new DaemonThreadFactory(), "Lander reports"));

    private LanderThreads() {}

    public static ExecutorService pool() {
        return POOL;
    }

    public static ExecutorService reports() {
        return REPORTS;
    }
}
