package io.jenkins.plugins.lander.bridge;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.TicketReports;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tells a ticket that its landing run started and how it ended: COMPLETE (1000) for success or
 * unstable (a force-badtest landing), FAILED (999) otherwise, CANCELLED when aborted. The steps
 * themselves report the workflow steps in between.
 */
@Extension
public final class TicketRunListener extends RunListener<Run<?, ?>> {

    @Override
    public void onStarted(Run<?, ?> run, TaskListener listener) {
        TicketCause cause = run.getCause(TicketCause.class);
        if (cause != null) {
            TicketReports.stepChanged(run, cause.getTicketId(), WorkflowStep.QUEUED, TicketStatus.RUNNING);
        }
    }

    @Override
    public void onCompleted(Run<?, ?> run, @NonNull TaskListener listener) {
        Result result = run.getResult();
        for (String ticketId : tickets(run)) {
            if (result != null && result.isBetterOrEqualTo(Result.UNSTABLE)) {
                TicketReports.stepChanged(run, ticketId, WorkflowStep.COMPLETE, TicketStatus.COMPLETED);
            } else if (result == Result.ABORTED) {
                TicketReports.stepChanged(run, ticketId, WorkflowStep.FAILED, TicketStatus.CANCELLED);
            } else {
                TicketReports.stepChanged(run, ticketId, WorkflowStep.FAILED, TicketStatus.FAILED);
            }
        }
    }

    private static Set<String> tickets(Run<?, ?> run) {
        Set<String> ids = new LinkedHashSet<>();
        TicketCause cause = run.getCause(TicketCause.class);
        if (cause != null) {
            ids.add(cause.getTicketId());
        }
        run.getActions(LanderRunAction.class).forEach(a -> ids.add(a.getTicketId()));
        return ids;
    }
}
