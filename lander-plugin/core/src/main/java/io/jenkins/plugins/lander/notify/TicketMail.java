package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.landing.Actions;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.LandingObserver;
import io.jenkins.plugins.lander.landing.LandingSession;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's mail: a landing's build failures and end go to {@link Notifications} (which
 * decides, journals and sends), and every Lander process catches up at start with what no
 * process mailed.
 *
 * @param storeUrl where the data store is served over HTTP ({@code http://host:8000/store/}), for links; or null
 * @param ticketPages where a ticket's page is, {@code BASE + ID} ({@code http://host:8000/tickets/}); or null
 */
public record TicketMail(Notifications notifications, URI storeUrl, URI ticketPages) implements LandingObserver {

    @Override
    public void buildFailed(LandingSession session, SubTicket sub, BuildResult build, StepConsole console) {
        if (!BuildResult.FAILED.equals(build.state())) {
            return; // a dependency wait is no failure of its own: the ticket's mail says why
        }
        BuildFailure.State state = build.failedToUpload() ? BuildFailure.State.FAILEDTOUPLOAD : BuildFailure.State.FAILEDTOBUILD;
        notifications.buildFailed(session.ticket(), new BuildFailure(sub.getId(), architecture(List.of(build)),
                state, build.reason(), build.uploadLog()), context(session.ticket(), session.uploads()), console.out());
    }

    @Override
    public void ended(LandingSession session, LandingStats stats, StepConsole console) throws IOException {
        notifications.ticketChanged(session.ticket(), context(session.ticket(), session.uploads()).withDuration(stats.wall())
                .withArchitecture(architecture(session.builds().values())), console.out());
    }

    @Override
    public void starting(Engine engine, StepConsole console) {
        notifications.catchUp(new Notifications.TicketLookup() {
            @Override
            public Optional<Ticket> ticket(String id) {
                return engine.tickets().find(id);
            }

            @Override
            public NotificationContext context(Ticket ticket) {
                try {
                    return TicketMail.this.context(ticket, engine.intake().uploadsOf(ticket));
                } catch (IOException | InvalidSourceException e) {
                    return TicketMail.this.context(ticket, List.of());
                }
            }
        }, console.out());
    }

    private NotificationContext context(Ticket ticket, List<SourceUpload> uploads) {
        List<Uploader> uploaders = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            uploaders.add(Uploader.of(uploads.get(i), signer(ticket.getSubtickets().get(i).getSignature())));
        }
        NotificationContext ctx = NotificationContext.of(uploaders).withStoreUrl(storeUrl)
                .withTicketPage(ticketPages == null || ticket.getId() == null ? null : ticketPages.resolve(ticket.getId()));
        return ctx.withRegressions(regressions(ticket, ctx));
    }

    /**
     * The ticket's triggered tests (its regression table, as the repository keeps it, so a
     * catch-up mail has it too), each linked to its console log when the ticket archived one.
     */
    private static List<Regression> regressions(Ticket ticket, NotificationContext ctx) {
        TriggeredTable table = ticket.getTriggeredTests();
        if (table == null) {
            return List.of();
        }
        List<Regression> rows = new ArrayList<>();
        for (TriggeredResult r : table.results()) {
            String log = Actions.archivedLog(Actions.runTriggeredTest(r));
            String link = ticket.getArtifacts().stream().filter(a -> a.name().equals(log)).findFirst()
                    .map(a -> MailLayout.link(ticket, a, ctx)).orElse(null);
            rows.add(new Regression(r.source(), r.version(), r.architecture(), r.verdict().label(), link));
        }
        return rows;
    }

    /** The uid of {@code signed by UID (FINGERPRINT)}, as the intake recorded it; null when not verified. */
    private static String signer(String signature) {
        String prefix = "signed by ";
        if (signature == null || !signature.startsWith(prefix) || !signature.contains(" (")) {
            return null;
        }
        return signature.substring(prefix.length(), signature.lastIndexOf(" ("));
    }

    /** The architecture the binaries were built for ({@code hello_2.10-3_amd64}), else {@code source}. */
    private static String architecture(java.util.Collection<BuildResult> builds) {
        return builds.stream()
                .flatMap(b -> b.binaries().stream())
                .map(key -> key.substring(key.lastIndexOf('_') + 1))
                .filter(arch -> !arch.equals("all"))
                .findFirst()
                .orElse("source");
    }
}
