package io.jenkins.plugins.lander.ticketsystem;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code lander serve} runs. Defaults: loopback, port 8000 (the seed's), the seed's 60 s
 * update period. The database is the engine's (the data directory's ticket repository).
 *
 * @param dataDir the engine's data directory; holds {@code api-token}
 * @param updatePeriod how often a landing must show life; silent for 10 periods it is failed (the
 *     engine's heartbeat must be shorter)
 * @param token the bearer token from the environment; null to use (or create) {@code DATA/api-token}
 */
public record TicketServerConfig(
        Path dataDir,
        String bind,
        int port,
        String defaultSeries,
        Duration updatePeriod,
        long maxUploadBytes,
        String token) {

    public static final int DEFAULT_PORT = 8000;

    public static TicketServerConfig defaults(Path dataDir) {
        return new TicketServerConfig(dataDir, "127.0.0.1", DEFAULT_PORT, "bookworm", Duration.ofSeconds(60), 512L << 20,
                System.getenv(ApiToken.ENV));
    }

    public TicketServerConfig listen(String newBind, int newPort) {
        return new TicketServerConfig(dataDir, newBind, newPort, defaultSeries, updatePeriod, maxUploadBytes, token);
    }

    public TicketServerConfig liveness(Duration period) {
        return new TicketServerConfig(dataDir, bind, port, defaultSeries, period, maxUploadBytes, token);
    }

    public TicketServerConfig withToken(String newToken) {
        return new TicketServerConfig(dataDir, bind, port, defaultSeries, updatePeriod, maxUploadBytes, newToken);
    }

    public TicketServerConfig withMaxUpload(long bytes) {
        return new TicketServerConfig(dataDir, bind, port, defaultSeries, updatePeriod, bytes, token);
    }
}
