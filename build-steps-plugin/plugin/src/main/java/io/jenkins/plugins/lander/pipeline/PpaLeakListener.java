package io.jenkins.plugins.lander.pipeline;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import hudson.util.LogTaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Returns to the pool a PPA that a run reserved and did not release (the script had no
 * {@code finally}, or the run was killed), as lockable-resources frees locks of ended builds.
 */
@Extension
public final class PpaLeakListener extends RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(PpaLeakListener.class.getName());

    @Override
    public void onFinalized(Run<?, ?> run) {
        for (LanderRunAction landing : run.getActions(LanderRunAction.class)) {
            LanderThreads.pool().execute(() -> release(run, landing));
        }
    }

    private static void release(Run<?, ?> run, LanderRunAction landing) {
        String ticketId = landing.getTicketId();
        LanderConfiguration config = LanderConfiguration.get();
        Path file = RunJournal.file(config, run, ticketId);
        try {
            if (!Files.exists(file)) {
                return;
            }
            Journal journal = Journal.open(file);
            if (!journal.isDone(Landed.ALLOCATE) || journal.isDone(Landed.RELEASE)) {
                return;
            }
            RunConsole console = new RunConsole(
                    new LogTaskListener(LOGGER, Level.INFO),
                    landing,
                    RunJournal.workDir(config, ticketId, Landed.RELEASE));
            LandingSteps backend = config.landingSteps();
            PoolReconciliation.once(config, backend);
            String ppa = journal.run(
                    Landed.RELEASE, String.class, resuming -> PpaRelease.release(backend, journal, console));
            LOGGER.info(() -> run + " ended holding PPA " + ppa + " for ticket " + ticketId + "; released it");
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "Could not release the PPA " + run + " held for ticket " + ticketId, e);
        }
    }
}
