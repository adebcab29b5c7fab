package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
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

    private LanderEnvironment(Path dataDir, DataDirectoryLock lock, ProcessRunner runner)
            throws IOException, InterruptedException {
        this.dataDir = dataDir;
        this.lock = lock;
        this.tickets = new FileTicketStore(dataDir.resolve("tickets"));
        this.store = new LocalDataStore(dataDir.resolve("store"));
        this.steps = new LocalLandingSteps(config(dataDir), runner);
    }

    /** The backend's settings for a data directory; reading them changes nothing on disk. */
    public static LocalConfig config(Path dataDir) {
        return LocalConfig.defaults(dataDir.resolve("backend"));
    }

    /**
     * Opens the directory for landing; waits while another Lander uses it, then kills any tool a
     * killed Lander left running there, before anything resumes that tool's work.
     */
    public static LanderEnvironment open(Path dataDir, PrintStream messages) throws IOException, InterruptedException {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir, messages);
        try {
            Path running = dataDir.resolve("backend").resolve("running");
            ProcessRunner.killOrphans(running, line -> messages.println("lander: left by a Lander that died: " + line));
            stopToolsOnExit(running, messages);
            return new LanderEnvironment(dataDir, lock, new ProcessRunner(new ToolClock(), running));
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Ctrl-C ends the JVM at once; the tools run in sessions of their own and would go on. The
     * ticket stays where its journal says, for {@code lander resume}.
     */
    private static void stopToolsOnExit(Path running, PrintStream messages) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ProcessRunner.killOrphans(running, line -> messages.println("lander: stopping: " + line));
            } catch (IOException e) {
                messages.println("lander: could not stop the running tools: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop tools"));
    }

    public Lander lander(LandingListener listener) {
        return new Lander(steps, store, tickets, dataDir.resolve("tickets"), listener, Duration.ofSeconds(30));
    }



    public LocalLandingSteps steps() {
        return steps;
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
