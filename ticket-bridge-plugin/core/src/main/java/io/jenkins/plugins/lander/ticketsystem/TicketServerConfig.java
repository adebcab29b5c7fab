package io.jenkins.plugins.lander.ticketsystem;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code lander serve} runs. Defaults: loopback, port 8000 (the seed's), embedded H2, the
 * seed's 60 s update period.
 *
 * @param dataDir holds {@code api-token} and {@code ticket-system/} (database, work, data store)
 * @param jdbcUrl PostgreSQL (or another H2) instead of the embedded database; null for the default
 * @param updatePeriod how often a landing must show life; silent for 10 periods it is failed
 * @param landerHeartbeat how often the in-process Lander sends its heartbeat
 * @param token the bearer token from the environment; null to use (or create) {@code DATA/api-token}
 */
public record TicketServerConfig(
        Path dataDir,
        String bind,
        int port,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String defaultSeries,
        Duration updatePeriod,
        Duration landerHeartbeat,
        long maxUploadBytes,
        String token) {

    public static final int DEFAULT_PORT = 8000;

    public static TicketServerConfig defaults(Path dataDir) {
        return new TicketServerConfig(dataDir, "127.0.0.1", DEFAULT_PORT, null, null, null, "bookworm",
                Duration.ofSeconds(60), Duration.ofSeconds(60), 512L << 20, System.getenv(ApiToken.ENV));
    }

    public TicketServerConfig listen(String newBind, int newPort) {
        return new TicketServerConfig(dataDir, newBind, newPort, jdbcUrl, jdbcUser, jdbcPassword, defaultSeries,
                updatePeriod, landerHeartbeat, maxUploadBytes, token);
    }

    public TicketServerConfig database(String url, String user, String password) {
        return new TicketServerConfig(dataDir, bind, port, url, user, password, defaultSeries, updatePeriod, landerHeartbeat,
                maxUploadBytes, token);
    }

    public TicketServerConfig liveness(Duration period, Duration heartbeat) {
        return new TicketServerConfig(dataDir, bind, port, jdbcUrl, jdbcUser, jdbcPassword, defaultSeries, period, heartbeat,
                maxUploadBytes, token);
    }

    public TicketServerConfig withToken(String newToken) {
        return new TicketServerConfig(dataDir, bind, port, jdbcUrl, jdbcUser, jdbcPassword, defaultSeries, updatePeriod,
                landerHeartbeat, maxUploadBytes, newToken);
    }

    public TicketServerConfig withMaxUpload(long bytes) {
        return new TicketServerConfig(dataDir, bind, port, jdbcUrl, jdbcUser, jdbcPassword, defaultSeries, updatePeriod,
                landerHeartbeat, bytes, token);
    }

    /** The server's own part of the data directory. */
    public Path home() {
        return dataDir.resolve("ticket-system");
    }
}
