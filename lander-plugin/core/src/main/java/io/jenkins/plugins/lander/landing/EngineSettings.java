package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.TriggeredTests;
import java.time.Duration;

/**
 * How an engine lands.
 *
 * @param slots how many tickets of the data directory land at once (the conflict rule permitting)
 * @param parallelism how many actions of one ticket (builds of a wave, tests) run side by side
 * @param heartbeat how often a running landing says it is alive
 * @param requireTests an upload that tests nothing (no tests, or all skipped) fails the ticket at 400
 * @param triggeredTestsCap how many triggered tests (reverse dependencies) a ticket runs at most;
 *     the rest are listed as not run
 */
public record EngineSettings(int slots, int parallelism, Duration heartbeat, boolean requireTests, int triggeredTestsCap) {
    public EngineSettings {
        if (slots < 1 || parallelism < 1) {
            throw new IllegalArgumentException("slots and parallelism must be at least 1 (got " + slots + ", " + parallelism + ")");
        }
        if (triggeredTestsCap < 0) {
            throw new IllegalArgumentException("the cap of triggered tests must be 0 or more (got " + triggeredTestsCap + ")");
        }
    }

    /** Settings with the default cap of triggered tests. */
    public EngineSettings(int slots, int parallelism, Duration heartbeat, boolean requireTests) {
        this(slots, parallelism, heartbeat, requireTests, TriggeredTests.DEFAULT_CAP);
    }

    /** Settings that accept uploads without tests, with the default cap of triggered tests. */
    public EngineSettings(int slots, int parallelism, Duration heartbeat) {
        this(slots, parallelism, heartbeat, false);
    }

    /** One slot per PPA of the pool; as many parallel actions as the machine has cores. */
    public static EngineSettings defaults(int poolSize) {
        return new EngineSettings(poolSize, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(30));
    }

    public EngineSettings withHeartbeat(Duration period) {
        return new EngineSettings(slots, parallelism, period, requireTests, triggeredTestsCap);
    }

    public EngineSettings withSlots(int n) {
        return new EngineSettings(n, parallelism, heartbeat, requireTests, triggeredTestsCap);
    }

    public EngineSettings withParallelism(int n) {
        return new EngineSettings(slots, n, heartbeat, requireTests, triggeredTestsCap);
    }

    public EngineSettings withRequireTests(boolean required) {
        return new EngineSettings(slots, parallelism, heartbeat, required, triggeredTestsCap);
    }

    public EngineSettings withTriggeredTestsCap(int n) {
        return new EngineSettings(slots, parallelism, heartbeat, requireTests, n);
    }
}
