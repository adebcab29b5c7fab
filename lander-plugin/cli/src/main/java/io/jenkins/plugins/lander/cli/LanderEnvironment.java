package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineObservers;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.steps.LandingBackend;
import io.jenkins.plugins.lander.steps.LandingBackends;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The embedded default: one data directory, shared by every Lander process on it ({@code lander
 * land}s side by side, {@code lander serve}): {@code db/} (the ticket repository, H2 unless
 * configured), {@code tickets/} (journals, staged uploads, logs), {@code store/} (the data
 * store), {@code backend/} (PPAs and archive), on local Debian tools.
 */
public final class LanderEnvironment implements AutoCloseable {
    private final DataDirectory data;
    private final TicketDatabase db;
    private final LandingBackend steps;
    private final DataStore store;
    private final Engine engine;

    private LanderEnvironment(DataDirectory data, TicketDatabase db, LandingBackend steps, DataStore store,
            Engine engine) {
        this.data = data;
        this.db = db;
        this.steps = steps;
        this.store = store;
        this.engine = engine;
    }

    /**
     * Opens the directory for landing. Other Lander processes may use it at the same time; the
     * tools a dead one left running are killed before anything resumes its work.
     */
    public static LanderEnvironment open(Path dataDir, PrintStream messages) throws IOException, InterruptedException {
        return open(DataDirectory.of(dataDir), messages, Duration.ofSeconds(30), Links.NONE);
    }

    /** Where mail links to: the Ticket System's pages and data store, when it serves them. */
    public record Links(java.net.URI store, java.net.URI tickets) {
        static final Links NONE = new Links(null, null);
    }

    /**
     * @param heartbeat how often a landing shows it is alive (the server's update period)
     * @param links where the mails about tickets link to
     */
    public static LanderEnvironment open(DataDirectory data, PrintStream messages, Duration heartbeat, Links links)
            throws IOException, InterruptedException {
        Path running = data.backend().resolve("running");
        boolean requireTests = data.requireTests(); // a bad value changes nothing
        ProcessRunner.killOrphans(running, line -> messages.println("lander: left by a Lander that died: " + line));
        ProcessRunner runner = ProcessRunner.tracked(new ToolClock(), running);
        stopToolsOnExit(messages);
        TicketDatabase db = data.database();
        try {
            LocalConfig config = data.backendConfig();
            LandingBackend steps = backend(data, config, runner);
            DataStore store = data.dataStore();
            Engine engine = new Engine(new JdbcTicketRepository(db), store, AgentSettings.apply(steps, data.environment(), runner),
                    data.tickets(), EngineSettings.defaults(steps.poolSize()).withHeartbeat(heartbeat).withRequireTests(requireTests)
                            .withTriggeredTestsCap(data.triggeredTestsCap()),
                    signatures(data, runner));
            EngineObservers.register(engine, db, notifySettings(data), links.store(), links.tickets());
            return new LanderEnvironment(data, db, steps, store, engine);
        } catch (IOException | InterruptedException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The steps' backend that {@code LANDER_BACKEND} / {@code backend=} chooses; bad settings are bad input. */
    private static LandingBackend backend(DataDirectory data, LocalConfig config, ProcessRunner runner)
            throws IOException, InterruptedException {
        try {
            return LandingBackends.open(data.backend(), data.backendSettings(), config, runner);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static NotifySettings notifySettings(DataDirectory data) {
        try {
            return NotifySettings.fromEnvironment(data.environment());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static SignatureVerifier signatures(DataDirectory data, ProcessRunner runner) throws IOException {
        Optional<Path> keyring = data.keyring();
        if (keyring.isEmpty()) {
            return SignatureVerifier.none();
        }
        try {
            return SignatureVerifier.withKeyring(keyring.get(), runner);
        } catch (IOException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * Ctrl-C ends the JVM at once; the tools run in sessions of their own and would go on. The
     * ticket stays where its journal says, for the next Lander on the directory to resume.
     */
    private static void stopToolsOnExit(PrintStream messages) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ProcessRunner.killOwn(line -> messages.println("lander: stopping: " + line));
            } catch (IOException e) {
                messages.println("lander: could not stop the running tools: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop tools"));
    }

    public Engine engine() {
        return engine;
    }

    public LandingBackend steps() {
        return steps;
    }

    public DataStore store() {
        return store;
    }

    public DataDirectory data() {
        return data;
    }

    public TicketDatabase database() {
        return db;
    }

    @Override
    public void close() throws Exception {
        try {
            steps.close();
        } finally {
            db.close();
        }
    }
}
