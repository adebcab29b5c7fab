package io.jenkins.plugins.lander.pipeline;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Returns to the pool a PPA that a run reserved and did not release (an {@code allocatePpa}
 * without {@code finally}, a killed run), as lockable-resources frees the locks of ended builds,
 * and closes the ticket with that reason.
 */
@Extension
public final class PpaLeakListener extends RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(PpaLeakListener.class.getName());

    @Override
    public void onFinalized(Run<?, ?> run) {
        for (LanderRunAction landing : run.getActions(LanderRunAction.class)) {
            String ticket = landing.getTicketId();
            if (PpaHolders.get().holds(run, ticket)) {
                LanderThreads.pool().execute(() -> release(run, ticket));
            }
        }
    }

    private static void release(Run<?, ?> run, String ticket) {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            PpaQueue.release(
                    new PipelineSteps(lease.engine(), new LandingListener() {}),
                    run,
                    ticket,
                    run + " ended holding the PPA without releasing it");
            LOGGER.info(() -> run + " ended holding the PPA of ticket " + ticket + "; released it");
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "Could not release the PPA " + run + " held for ticket " + ticket, e);
        }
    }
}
