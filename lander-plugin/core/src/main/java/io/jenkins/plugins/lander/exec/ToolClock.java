package io.jenkins.plugins.lander.exec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time spent inside external tools, per tool. The benchmark subtracts it from a landing's
 * time to get the Lander's own overhead.
 */
public final class ToolClock {
    /** The clock of the work this thread does now (one landing's), charged besides the runner's. */
    private static final ThreadLocal<ToolClock> CURRENT = new ThreadLocal<>();
    private final Map<String, AtomicLong> nanosByTool = new ConcurrentHashMap<>();

    void add(String tool, long nanos) {
        nanosByTool.computeIfAbsent(tool, t -> new AtomicLong()).addAndGet(nanos);
        ToolClock current = CURRENT.get();
        if (current != null && current != this) {
            current.nanosByTool.computeIfAbsent(tool, t -> new AtomicLong()).addAndGet(nanos);
        }
    }

    /**
     * Charges the tools this thread runs until {@link Scope#close} to {@code clock} as well: the
     * tool time of one landing among several in a process.
     */
    public static Scope charging(ToolClock clock) {
        ToolClock before = CURRENT.get();
        CURRENT.set(clock);
        return () -> CURRENT.set(before);
    }

    /** Ends a {@link #charging} scope. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public Duration total() {
        return Duration.ofNanos(nanosByTool.values().stream().mapToLong(AtomicLong::get).sum());
    }

    public Map<String, Duration> byTool() {
        Map<String, Duration> out = new java.util.TreeMap<>();
        nanosByTool.forEach((k, v) -> out.put(k, Duration.ofNanos(v.get())));
        return out;
    }
}
