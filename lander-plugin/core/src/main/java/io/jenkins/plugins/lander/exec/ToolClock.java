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
    private final Map<String, AtomicLong> nanosByTool = new ConcurrentHashMap<>();

    void add(String tool, long nanos) {
        nanosByTool.computeIfAbsent(tool, t -> new AtomicLong()).addAndGet(nanos);
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
