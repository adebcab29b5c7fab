package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.ticketsystem.ApiToken;
import io.jenkins.plugins.lander.ticketsystem.TicketServer;
import io.jenkins.plugins.lander.ticketsystem.TicketServerConfig;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lander serve}: the Ticket System (REST API, status page, landing queue) on this machine. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "Serve the Ticket System: the REST API under /api/v1/, the status page at /, and the queue",
    "that lands queued tickets with the local Debian tools (side by side unless they share a source).",
    "Writes need 'Authorization: Bearer TOKEN': $LANDER_API_TOKEN, else DATA/api-token (created 0600).",
    "PostgreSQL instead of the embedded H2 database: --db-url, --db-user and $LANDER_DB_PASSWORD (recorded in",
    "DATA/lander.conf, so every Lander of the data directory uses it)."
})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + TicketServerConfig.DEFAULT_PORT,
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/lander (default: H2 under DATA).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (password: $LANDER_DB_PASSWORD).")
    String dbUser;

    @Option(names = "--update-period", paramLabel = "SECONDS", defaultValue = "60",
            description = "Heartbeat period; a landing silent for 10 periods is failed as unresponsive (default: ${DEFAULT-VALUE}).")
    long updatePeriod;

    /** Where mail links to: $LANDER_PUBLIC_URL, else this server's address when its port is fixed. */
    private LanderEnvironment.Links links() {
        String base = System.getenv("LANDER_PUBLIC_URL");
        if ((base == null || base.isBlank()) && port == 0) {
            return LanderEnvironment.Links.NONE;
        }
        URI root = URI.create((base == null || base.isBlank() ? "http://" + bind + ":" + port : base.strip()).replaceFirst("/*$", "/"));
        return new LanderEnvironment.Links(root.resolve("store/"), root.resolve("tickets/"));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535 || updatePeriod < 1) {
            throw new BadInputException("--port must be 0..65535 and --update-period at least 1");
        }
        if (dbUrl != null) {
            DataDirectory.of(data.resolve()).recordDatabase(dbUrl, dbUser);
        }
        Duration period = Duration.ofSeconds(updatePeriod);
        TicketServerConfig config = TicketServerConfig.defaults(data.resolve()).listen(bind, port).liveness(period);
        CountDownLatch stopped = new CountDownLatch(1);
        LanderEnvironment env = LanderEnvironment.open(DataDirectory.of(data.resolve()), System.err, period, links());
        TicketServer server;
        try {
            server = TicketServer.start(config, env.engine(), env.database(), env.store());
            try (LoggedConsole console = new LoggedConsole(data.resolve().resolve("backend").resolve("starting.log"),
                    line -> System.err.println("lander: " + line))) {
                env.engine().starting(console);
            }
        } catch (Exception e) {
            env.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                env.close();
            } catch (Exception e) {
                System.err.println("lander: stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "lander serve shutdown"));
        System.err.println("lander: Ticket System on " + server.uri() + " (data " + data.resolve() + ", token from "
                + (System.getenv(ApiToken.ENV) != null ? "$" + ApiToken.ENV : data.resolve().resolve(ApiToken.FILE)) + ")");
        stopped.await();
        return LanderCli.COMPLETED;
    }
}
