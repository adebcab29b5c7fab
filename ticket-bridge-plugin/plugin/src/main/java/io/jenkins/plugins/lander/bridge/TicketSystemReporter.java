package io.jenkins.plugins.lander.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.client.TicketImport;
import io.jenkins.plugins.lander.pipeline.ControllerEngine;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import io.jenkins.plugins.lander.plugin.TicketReporter;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reports a landing's steps and archived files to the configured Ticket System, through the
 * bridge's one token: so only for a ticket the run may speak for, the one the bridge scheduled it
 * for ({@link TicketCause}) or one whose PPA it holds, and only to the Ticket System ticket the
 * engine's ticket was taken in from ({@link TicketImport#ticketSystemId}). Any other report is
 * dropped and logged.
 */
@Extension
public final class TicketSystemReporter implements TicketReporter {
    private static final Logger LOGGER = Logger.getLogger(TicketSystemReporter.class.getName());

    static boolean mayReport(Run<?, ?> run, String ticketId) {
        TicketCause cause = run.getCause(TicketCause.class);
        return (cause != null && cause.getTicketId().equals(ticketId)) || PpaHolders.get().holds(run, ticketId);
    }

    /** Where the report goes: the client and the Ticket System's ticket, or null to drop it. */
    private record Target(TicketClient client, String ticket) {}

    private static @CheckForNull Target target(Run<?, ?> run, String ticketId) throws Exception {
        if (!mayReport(run, ticketId)) {
            LOGGER.warning(() -> run + " may not report to ticket " + ticketId
                    + ": the bridge did not schedule it for that ticket and it holds no PPA of it");
            return null;
        }
        TicketClient client = TicketBridgeConfiguration.get().client();
        if (client == null) {
            return null;
        }
        Optional<String> remote;
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            remote = TicketImport.ticketSystemId(lease.engine(), ticketId);
        }
        if (remote.isEmpty()) {
            LOGGER.fine(() -> "Lander ticket " + ticketId + " was not taken in from the Ticket System: nothing to report");
            return null;
        }
        return new Target(client, remote.get());
    }

    @Override
    public void stepChanged(
            @NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull WorkflowStep step, @NonNull TicketStatus status)
            throws IOException, InterruptedException {
        Target target = resolve(run, ticketId);
        if (target != null) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("current_workflow_step", String.valueOf(step.code()));
            body.put("status", status.name());
            target.client().patch("api/v1/updateticketstatus/" + target.ticket() + "/", body);
        }
    }

    @Override
    public void artifactsArchived(@NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull List<Artifact> artifacts)
            throws IOException, InterruptedException {
        Target target = resolve(run, ticketId);
        if (target != null) {
            for (Artifact artifact : artifacts) {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("name", artifact.name());
                body.put("ticket", "/api/v1/ticket/" + target.ticket() + "/");
                body.put("reference", artifact.reference());
                body.put("type", artifact.type().name());
                target.client().post("api/v1/ticketartifact/", body);
            }
        }
    }

    private static @CheckForNull Target resolve(Run<?, ?> run, String ticketId) throws IOException, InterruptedException {
        try {
            return target(run, ticketId);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not open the Lander engine to report ticket " + ticketId + ": " + e.getMessage(), e);
        }
    }
}
