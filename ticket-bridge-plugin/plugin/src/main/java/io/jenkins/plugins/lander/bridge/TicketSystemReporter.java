package io.jenkins.plugins.lander.bridge;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.lander.plugin.TicketReporter;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.util.List;

/** Reports a landing's steps and archived files to the configured Ticket System. */
@Extension
public final class TicketSystemReporter implements TicketReporter {

    @Override
    public void stepChanged(
            @NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull WorkflowStep step, @NonNull TicketStatus status)
            throws IOException, InterruptedException {
        TicketSystemClient client = TicketBridgeConfiguration.get().client();
        if (client != null) {
            client.updateStatus(ticketId, step, status);
        }
    }

    @Override
    public void artifactsArchived(@NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull List<Artifact> artifacts)
            throws IOException, InterruptedException {
        TicketSystemClient client = TicketBridgeConfiguration.get().client();
        if (client != null) {
            for (Artifact artifact : artifacts) {
                client.addArtifact(ticketId, artifact);
            }
        }
    }
}
