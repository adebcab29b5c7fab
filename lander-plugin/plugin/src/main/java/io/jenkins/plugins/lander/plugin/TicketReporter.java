package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Run;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.util.List;

/**
 * Receives what a landing run tells its ticket. The ticket bridge plugin implements it over the
 * Ticket System's REST API. Called through {@link TicketReports}, on a Lander thread, never on
 * the CPS VM thread.
 */
public interface TicketReporter extends ExtensionPoint {

    void stepChanged(
            @NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull WorkflowStep step, @NonNull TicketStatus status)
            throws IOException, InterruptedException;

    void artifactsArchived(@NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull List<Artifact> artifacts)
            throws IOException, InterruptedException;
}
