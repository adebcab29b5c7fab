package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.javalin.Javalin;
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.stats.StatsRepository;
import java.net.URI;
import java.nio.file.Files;

/**
 * {@code lander serve}: the REST API, the status page and the landing queue over one database.
 * The data directory holds {@code api-token} and {@code ticket-system/}: {@code db/} (H2),
 * {@code work/ID/} (the Lander's journal, uploads, logs per ticket) and {@code store/} (the data
 * store of archived files).
 */
public final class TicketServer implements AutoCloseable {
    private final TicketDatabase db;
    private final LandingQueue queue;
    private final Javalin app;
    private final ApiToken token;
    private final String bind;

    private TicketServer(TicketDatabase db, LandingQueue queue, Javalin app, ApiToken token, String bind) {
        this.bind = bind;
        this.db = db;
        this.queue = queue;
        this.app = app;
        this.token = token;
    }

    public static TicketServer start(TicketServerConfig config, LandingSteps steps) throws Exception {
        Files.createDirectories(config.home());
        ApiToken token = ApiToken.forServer(config.dataDir(), config.token());
        TicketDatabase db = config.jdbcUrl() == null
                ? TicketDatabase.h2(config.home().resolve("db"))
                : TicketDatabase.connect(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        LandingQueue queue = null;
        try {
            LocalDataStore store = new LocalDataStore(config.home().resolve("store"));
            queue = new LandingQueue(db, steps, store, config.home().resolve("work"), config.updatePeriod(),
                    config.landerHeartbeat());
            TicketRecords records = new TicketRecords(config.defaultSeries());
            TicketApi api = new TicketApi(db, records, token, queue, store, config.maxUploadBytes());
            StatusPage page = new StatusPage(db, records, store);
            Javalin app = Javalin.create(c -> {
                c.showJavalinBanner = false;
                c.http.maxRequestSize = TicketApi.MAX_JSON_BODY;
                c.jetty.defaultHost = config.bind();
                c.jetty.defaultPort = config.port();
            });
            api.register(app);
            page.register(app);
            new StatsApi(new StatsRepository(db)).register(app);
            new StatsPage(new StatsRepository(db)).register(app);
            queue.start();
            app.start();
            return new TicketServer(db, queue, app, token, config.bind());
        } catch (Exception | Error e) {
            if (queue != null) {
                queue.close();
            }
            db.close();
            throw e;
        }
    }

    /** The port actually bound (port 0 picks a free one). */
    public int port() {
        return app.port();
    }

    public URI uri() {
        return URI.create("http://" + bind + ":" + port() + "/");
    }

    public ApiToken token() {
        return token;
    }

    /** The non-functional stats in this server's database: the Lander records each landing's here. */
    public StatsRepository stats() {
        return new StatsRepository(db);
    }

    public LandingQueue queue() {
        return queue;
    }

    /** Stops serving and detaches a running landing, which the next start resumes. */
    @Override
    public void close() throws InterruptedException {
        try {
            app.stop();
            queue.close();
        } finally {
            db.close();
        }
    }
}
