package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.init.Terminator;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineObservers;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LandingBackendProvider;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one landing {@link Engine} of this Jenkins controller, built from {@link LanderConfiguration}:
 * ticket repository, journals and the local PPA pool live under the data directory (by default
 * {@code $JENKINS_HOME/lander}), the data store there or in Swift, the pool there or on Launchpad
 * ({@link LanderConfiguration#selection}); the engine's steps are the agent helper's {@code RemoteLandingSteps}, so
 * the build, image, test and publish actions run on the agent of the calling step
 * ({@link DurableAgentLauncher}) and only the pool and the archive stay here. Its observers are
 * every face's ({@link EngineObservers}): the landing stats, and the mail about tickets the
 * configuration sets ({@link LanderConfiguration#mailSettings}).
 *
 * <p>Every step holds a {@link Lease} while it calls the engine. Saving the configuration page
 * retires the engine; the last lease of a retired engine closes it (database, pool backend and its
 * HTTP server), so a reconfiguration neither breaks a running step nor leaks a backend.
 */
public final class ControllerEngine implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ControllerEngine.class.getName());
    private static ControllerEngine current;

    private final long generation;
    private final TicketDatabase db;
    private final AutoCloseable pool;
    private final Engine engine;
    private int leases;
    private boolean retired;

    private ControllerEngine(long generation, TicketDatabase db, AutoCloseable pool, Engine engine) {
        this.generation = generation;
        this.db = db;
        this.pool = pool;
        this.engine = engine;
    }

    /** What a step holds while it calls the engine. */
    public static final class Lease implements AutoCloseable {
        private final ControllerEngine owner;

        private Lease(ControllerEngine owner) {
            this.owner = owner;
        }

        public @NonNull Engine engine() {
            return owner.engine;
        }

        @Override
        public void close() {
            owner.release();
        }
    }

    /** The current engine, built (and reconciled) on first use after a start or a reconfiguration. */
    public static @NonNull Lease lease() throws Exception {
        LanderConfiguration config = LanderConfiguration.get();
        synchronized (ControllerEngine.class) {
            if (current == null || current.generation != config.generation()) {
                if (current != null) {
                    current.retire();
                }
                current = open(config);
            }
            current.leases++;
            return new Lease(current);
        }
    }

    private static ControllerEngine open(LanderConfiguration config) throws Exception {
        Path data = config.dataPath();
        // first, so that mail settings that do not go together open nothing
        NotifySettings mail = config.mailSettings();
        TicketDatabase db = TicketDatabase.h2(data.resolve("db"));
        LandingBackendProvider.Built backend = null;
        try {
            backend = LandingBackendProvider.createBackend(config, new DurableAgentLauncher());
            SignatureVerifier signatures = config.keyringPath() == null
                    ? SignatureVerifier.none()
                    : SignatureVerifier.withKeyring(config.keyringPath(), ProcessRunner.tracked(
                            new ToolClock(), data.resolve("jenkins-work").resolve("running")));
            Engine engine = new Engine(
                    new JdbcTicketRepository(db),
                    config.dataStore(), // the run pages and the archival read and write the same store
                    backend.steps(),
                    data.resolve("tickets"),
                    EngineSettings.defaults(config.getPoolSize()).withRequireTests(config.isRequireTests()),
                    signatures);
            // as the CLI and lander serve wire theirs; no HTTP store or ticket page here, so the
            // mails link to the data store's own references
            EngineObservers.register(engine, db, mail, null, null);
            try (LoggedConsole console = new LoggedConsole(
                    data.resolve("jenkins-work").resolve("reconcile.log"), LOGGER::info)) {
                engine.reconcile(console);
                engine.starting(console);
            }
            return new ControllerEngine(config.generation(), db, backend.resources(), engine);
        } catch (Exception | Error e) {
            if (backend != null) {
                close(backend.resources());
            }
            db.close();
            throw e;
        }
    }

    private void release() {
        synchronized (ControllerEngine.class) {
            leases--;
            if (retired && leases == 0) {
                close();
            }
        }
    }

    private void retire() {
        retired = true;
        if (leases == 0) {
            close();
        }
    }

    @Override
    public void close() {
        try {
            close(pool);
        } finally {
            db.close();
        }
    }

    private static void close(AutoCloseable pool) {
        try {
            pool.close();
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "Could not close the PPA pool backend", e);
        }
    }

    @Terminator
    public static void shutDown() {
        synchronized (ControllerEngine.class) {
            if (current != null) {
                current.retire();
                current = null;
            }
        }
    }
}
