package io.jenkins.plugins.lander.landing;

import java.time.Duration;

/**
 * How an engine lands.
 *
 * @param slots how many tickets of the data directory land at once (the conflict rule permitting)
 * @param parallelism how many actions of one ticket (builds of a wave, tests) run side by side
 * @param heartbeat how often a running landing says it is alive
 */
public record EngineSettings(int slots, int parallelism, Duration heartbeat) {
    public EngineSettings {
        if (slots < 1 || parallelism < 1) {
            throw new IllegalArgumentException("slots and parallelism must be at least 1 (got " + slots + ", " + parallelism + ")");
        }
    }

    /** One slot per PPA of the pool; as many parallel actions as the machine has cores. */
    public static EngineSettings defaults(int poolSize) {
        return new EngineSettings(poolSize, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(30));
    }

    public EngineSettings withHeartbeat(Duration period) {
        return new EngineSettings(slots, parallelism, period);
    }

    public EngineSettings withSlots(int n) {
        return new EngineSettings(n, parallelism, heartbeat);
    }

    public EngineSettings withParallelism(int n) {
        return new EngineSettings(slots, n, heartbeat);
    }
}
