package io.jenkins.plugins.lander.plugin;

import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that run landing work off the CPS VM thread and off request threads: step bodies
 * (which may run for an hour) and archival uploads, and the ticket reports. A cached pool, because
 * {@code jenkins.util.Timer} has few threads and must not be held by long work.
 */
public final class LanderThreads {
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(new NamingThreadFactory(new DaemonThreadFactory(), "Lander"));
    /** One thread, so that a ticket receives its reports in the order they happened. */
    private static final ExecutorService REPORTS =
            Executors.newSingleThreadExecutor(new NamingThreadFactory(new DaemonThreadFactory(), "Lander reports"));

    private static volatile boolean stopping;

    private LanderThreads() {}

    public static ExecutorService pool() {
        return POOL;
    }

    public static ExecutorService reports() {
        return REPORTS;
    }

    /** Interrupts running step bodies at shutdown; their journals let them resume after restart. */
    @Terminator
    public static void shutdown() {
        stopping = true;
        POOL.shutdownNow();
        REPORTS.shutdown();
    }

    /** True once Jenkins shuts down: an interrupted step then waits for its resume, it has not failed. */
    public static boolean stopping() {
        return stopping;
    }
}
