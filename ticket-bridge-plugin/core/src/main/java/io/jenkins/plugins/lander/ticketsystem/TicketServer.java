package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.javalin.Javalin;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.stats.StatsRepository;
import java.net.URI;

/**
 * {@code lander serve}: the REST API, the status page and the landing queue over the engine of a
 * data directory (which also holds {@code api-token}). {@code lander land} on the same directory
 * uses the same engine: both see the same tickets.
 */
public final class TicketServer implements AutoCloseable {
    private final LandingQueue queue;
    private final Javalin app;
    private final ApiToken token;
    private final String bind;

    private TicketServer(LandingQueue queue, Javalin app, ApiToken token, String bind) {
        this.bind = bind;
        this.queue = queue;
        this.app = app;
        this.token = token;
    }

    /**
     * Serves the engine's tickets: the API and the status page read and write its repository's
     * database, the queue lands through it. {@code store} is the engine's data store.
     */
    public static TicketServer start(TicketServerConfig config, Engine engine, TicketDatabase db, DataStore store)
            throws Exception {
        ApiToken token = ApiToken.forServer(config.dataDir(), config.token());
        LandingQueue queue = new LandingQueue(engine, db, config.updatePeriod());
        try {
            TicketRecords records = new TicketRecords(config.defaultSeries(), store);
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
            queue.start(config.dataDir().resolve("backend").resolve("reconcile.log"));
            app.start();
            return new TicketServer(queue, app, token, config.bind());
        } catch (Exception | Error e) {
            queue.close();
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

    public LandingQueue queue() {
        return queue;
    }

    /** Stops serving and detaches the running landings, which the next start resumes. */
    @Override
    public void close() throws InterruptedException {
        try {
            app.stop();
        } finally {
            queue.close();
        }
    }
}
