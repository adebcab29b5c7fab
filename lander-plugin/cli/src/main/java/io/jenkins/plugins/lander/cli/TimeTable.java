package io.jenkins.plugins.lander.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.LandingStats.StepTime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a landing's time went, step by step and tool by tool, from the stats the engine kept:
 * the table {@code lander land} ends with, and the {@code timings} of its {@code --json}.
 */
record TimeTable(LandingStats stats) {

    /** Steps in the order they ran (the step, then the upload), as a user reads them. */
    private List<StepTime> steps() {
        return stats.steps().stream()
                .sorted(Comparator.comparing(StepTime::step).thenComparing(s -> s.source() == null ? "" : s.source()))
                .toList();
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "  time:   %s wall, %s queued%n", seconds(stats.wall()), seconds(stats.queueWait()));
        for (StepTime s : steps()) {
            out.printf(Locale.ROOT, "    %-9s %-32s %9s%n", s.step().label(), s.source() == null ? "" : s.source(),
                    seconds(s.duration()));
        }
        List<Map.Entry<String, Duration>> tools = stats.tools().entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).toList();
        if (!tools.isEmpty()) {
            out.println("  in tools:");
            tools.forEach(t -> out.printf(Locale.ROOT, "    %-42s %9s%n", t.getKey(), seconds(t.getValue())));
        }
    }

    ObjectNode json() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("wall_seconds", secondsValue(stats.wall()));
        n.put("queue_wait_seconds", secondsValue(stats.queueWait()));
        ArrayNode steps = n.putArray("steps");
        for (StepTime s : steps()) {
            ObjectNode row = steps.addObject();
            row.put("step", s.step().label());
            row.put("source", s.source());
            row.put("seconds", secondsValue(s.duration()));
        }
        ObjectNode tools = n.putObject("tools");
        stats.tools().forEach((tool, d) -> tools.put(tool, secondsValue(d)));
        return n;
    }

    private static double secondsValue(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", secondsValue(d));
    }
}
