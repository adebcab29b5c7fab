package io.jenkins.plugins.lander.bridge;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import io.jenkins.plugins.lander.plugin.TicketReporter;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reports a landing's steps and archived files to the configured Ticket System, through the
 * bridge's one token: so only for a ticket the run may speak for, the one the bridge scheduled it
 * for ({@link TicketCause}) or one whose PPA it holds. Any other report is dropped and logged.
 */
@Extension
public final class TicketSystemReporter implements TicketReporter {
    private static final Logger LOGGER = Logger.getLogger(TicketSystemReporter.class.getName());

    static boolean mayReport(Run<?, ?> run, String ticketId) {
        TicketCause cause = run.getCause(TicketCause.class);
        return (cause != null && cause.getTicketId().equals(ticketId)) || PpaHolders.get().holds(run, ticketId);
    }

    private static @CheckForNull TicketSystemClient client(Run<?, ?> run, String ticketId) throws IOException {
        if (!mayReport(run, ticketId)) {
            LOGGER.warning(() -> run + " may not report to ticket " + ticketId
                    + ": the bridge did not schedule it for that ticket and it holds no PPA of it");
            return null;
        }
        return TicketBridgeConfiguration.get().client();
    }

    @Override
    public void stepChanged(
            @NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull WorkflowStep step, @NonNull TicketStatus status)
            throws IOException, InterruptedException {
        TicketSystemClient client = client(run, ticketId);
        if (client != null) {
            client.updateStatus(ticketId, step, status);
        }
    }

    @Override
    public void artifactsArchived(@NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull List<Artifact> artifacts)
            throws IOException, InterruptedException {
        TicketSystemClient client = client(run, ticketId);
        if (client != null) {
            for (Artifact artifact : artifacts) {
                client.addArtifact(ticketId, artifact);
            }
        }
    }
}
