package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.landing.DataDirectoryLock;
import io.jenkins.plugins.lander.landing.FileTicketStore;
import io.jenkins.plugins.lander.landing.Lander;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default: everything under one data directory — {@code tickets/} (tickets, journals,
 * logs), {@code store/} (the data store), {@code backend/} (PPAs, archive) — on local Debian tools.
 */
public final class LanderEnvironment implements AutoCloseable {
    private final Path dataDir;
    private final DataDirectoryLock lock;
    private final FileTicketStore tickets;
    private final LocalDataStore store;
    private final LocalLandingSteps steps;

    private LanderEnvironment(Path dataDir, DataDirectoryLock lock) throws IOException, InterruptedException {
        this.dataDir = dataDir;
        this.lock = lock;
        this.tickets = new FileTicketStore(dataDir.resolve("tickets"));
        this.store = new LocalDataStore(dataDir.resolve("store"));
        this.steps = new LocalLandingSteps(LocalConfig.defaults(dataDir.resolve("backend")));
    }

    /** Opens the directory for landing; waits while another Lander uses it. */
    public static LanderEnvironment open(Path dataDir, PrintStream messages) throws IOException, InterruptedException {
        return new LanderEnvironment(dataDir, DataDirectoryLock.acquire(dataDir, messages));
    }

    public Lander lander(LandingListener listener) {
        return new Lander(steps, store, tickets, dataDir.resolve("tickets"), listener, Duration.ofSeconds(30));
    }

    public FileTicketStore tickets() {
        return tickets;
    }

    public LocalDataStore store() {
        return store;
    }

    public LocalLandingSteps steps() {
        return steps;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        try {
            steps.close();
        } finally {
            lock.close();
        }
    }
}
