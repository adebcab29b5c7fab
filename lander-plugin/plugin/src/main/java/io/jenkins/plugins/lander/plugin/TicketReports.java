package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.model.Run;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands reports to every {@link TicketReporter} as the notification mode says (yes / dry-run /
 * no), in the background. A report that fails is logged; it never fails the build.
 */
public final class TicketReports {
    private static final Logger LOGGER = Logger.getLogger(TicketReports.class.getName());

    private TicketReports() {}

    public static void stepChanged(
            @NonNull Run<?, ?> run,
            @NonNull String ticketId,
            @NonNull WorkflowStep step,
            @NonNull TicketStatus status) {
        send(
                run,
                ticketId,
                "step " + step.code() + " " + status,
                reporter -> reporter.stepChanged(run, ticketId, step, status));
    }

    public static void artifactsArchived(
            @NonNull Run<?, ?> run, @NonNull String ticketId, @NonNull List<Artifact> artifacts) {
        if (artifacts.isEmpty()) {
            return;
        }
        send(
                run,
                ticketId,
                artifacts.size() + " artifact(s)",
                reporter -> reporter.artifactsArchived(run, ticketId, List.copyOf(artifacts)));
    }

    private static void send(Run<?, ?> run, String ticketId, String what, Report report) {
        NotificationMode mode = LanderConfiguration.get().getNotificationMode();
        if (mode == NotificationMode.NO) {
            return;
        }
        if (mode == NotificationMode.DRY_RUN) {
            LOGGER.info(() -> "Dry run: would report " + what + " of " + run + " to ticket " + ticketId);
            return;
        }
        LanderThreads.reports().execute(() -> {
            for (TicketReporter reporter : ExtensionList.lookup(TicketReporter.class)) {
                try {
                    report.to(reporter);
                } catch (Exception e) {
                    LOGGER.log(Level.WARNING, "Could not report " + what + " of " + run + " to ticket " + ticketId, e);
                }
            }
        });
    }

    @FunctionalInterface
    private interface Report {
        void to(TicketReporter reporter) throws Exception;
    }
}
