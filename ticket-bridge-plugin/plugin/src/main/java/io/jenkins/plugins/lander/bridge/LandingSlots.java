package io.jenkins.plugins.lander.bridge;

import hudson.Extension;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;

/**
 * Lets at most {@code landingSlots} runs of the master pipeline build at once (one by default).
 * Waiting landings stay blocked in the queue, which releases blocked items oldest first: FIFO.
 */
@Extension
public final class LandingSlots extends QueueTaskDispatcher {

    @Override
    public CauseOfBlockage canRun(Queue.Item item) {
        TicketBridgeConfiguration config = TicketBridgeConfiguration.get();
        if (!(item.task instanceof Job<?, ?> job) || !job.getFullName().equals(config.getJobName())) {
            return null;
        }
        long running = job.getBuilds().stream()
                .takeWhile(r -> r.isBuilding() || r.hasntStartedYet())
                .filter(r -> r.isBuilding())
                .count();
        if (running < config.getLandingSlots()) {
            return null;
        }
        return new CauseOfBlockage() {
            @Override
            public String getShortDescription() {
                return "Waiting for a landing slot (" + running + " of " + config.getLandingSlots() + " in use)";
            }
        };
    }
}
