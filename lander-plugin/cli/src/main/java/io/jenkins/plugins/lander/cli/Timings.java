package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.exec.ToolClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a landing's time went: inside the external tools, or in the Lander itself. */
final class Timings {
    static void write(Path file, long wallNanos, ToolClock clock) throws IOException {
        double wall = wallNanos / 1e9;
        double tools = clock.total().toNanos() / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wall_seconds", wall);
        out.put("tool_seconds", tools);
        out.put("overhead_seconds", wall - tools);
        out.put("overhead_share", wall == 0 ? 0 : (wall - tools) / wall);
        Map<String, Double> byTool = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> e : clock.byTool().entrySet()) {
            byTool.put(e.getKey(), e.getValue().toNanos() / 1e9);
        }
        out.put("by_tool", byTool);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
    }

    private Timings() {}
}
