package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.notify.NotifySettings.Mode;
import io.jenkins.plugins.lander.notify.Outbox.Delivery;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Mails about tickets (docs/notifications.md): a mail when a ticket finishes (failures only, or
 * all) and one for each build failure, to the person of each upload, the ticket's owner and the
 * admins; never lost, never doubled, never bunched.
 *
 * <p>Every decision, sent or not, is a row of the outbox ({@link Outbox}) written before the mail
 * goes out, so a decision is taken once per ticket, kind and state, whatever the engine calls and
 * however often. The engine calls {@link #ticketChanged} after each saved change of a ticket,
 * {@link #buildFailed} when a build fails, and {@link #catchUp} at start (and from time to time):
 * it decides what a crash or a stop left undecided and sends what is pending, one mail per ticket
 * for where the ticket is now.
 *
 * <p>Nothing here throws for a mail server that is down or refuses: the mail stays pending and the
 * console says so. Bad input from the engine (a FAILEDTOUPLOAD without its upload log, an unknown
 * subticket) is an {@link IllegalArgumentException}.
 */
public final class Notifications {
    private final NotifySettings settings;
    private final Outbox outbox;
    private final MailTransport transport;
    private final Clock clock;
    private final String token;
    /** One delivery at a time in this process; the outbox's row locks order other processes. */
    private final Object delivering = new Object();

    public Notifications(NotifySettings settings, TicketDatabase db) {
        this(settings, db, settings.mode() == Mode.YES ? new SmtpTransport(settings.smtp(), settings.from().getAddress())
                : null, Clock.systemUTC());
    }

    Notifications(NotifySettings settings, TicketDatabase db, MailTransport transport, Clock clock) {
        this.settings = settings;
        this.outbox = new Outbox(db);
        this.transport = transport;
        this.clock = clock;
        this.token = settings.mode() == Mode.NO ? null : outbox.token();
    }

    /** How {@link #catchUp} reads the tickets the outbox names. */
    public interface TicketLookup {
        Optional<Ticket> ticket(String id);

        NotificationContext context(Ticket ticket);
    }

    /**
     * What a catch-up did.
     *
     * @param decided finished tickets that had no decision yet
     * @param sent mails the server accepted
     * @param superseded older pending mails replaced by their ticket's newest one
     * @param failed mails still pending because the server could not be reached or refused
     */
    public record CatchUp(int decided, int sent, int superseded, int failed) {}

    /** Called after every saved change of the ticket: mails it when it has just finished. */
    public void ticketChanged(Ticket ticket, NotificationContext ctx, PrintStream console) {
        if (ticket.isFinished() && decideFinished(ticket, ctx, console)) {
            deliver(Long.parseLong(ticket.getId()), console);
        }
    }

    /** Called when a build of the ticket failed, before the ticket's own change is saved. */
    public void buildFailed(Ticket ticket, BuildFailure failure, NotificationContext ctx, PrintStream console) {
        SubTicket sub = ticket.getSubtickets().stream()
                .filter(s -> s.getId() == failure.subticketId())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "ticket " + ticket.getId() + " has no subticket " + failure.subticketId()));
        NotificationKey key = NotificationKey.buildFailed(ticket, failure);
        boolean pending = decide(ticket, key, () -> automaticReason(ticket), List.of(sub), ctx, console,
                (to, id, date) -> MailLayout.buildFailed(ticket, sub, failure, ctx, to, id, date, settings.from()));
        if (pending) {
            deliver(key.ticketId(), console);
        }
    }

    /**
     * Decides every finished ticket the outbox has no decision for (a crash between the ticket's
     * save and its notification, a stop), then sends each ticket's newest pending mail and
     * supersedes its older ones. Idempotent; call at start and from time to time.
     */
    public CatchUp catchUp(TicketLookup lookup, PrintStream console) {
        int decided = 0;
        for (long id : outbox.undecidedFinished()) {
            Optional<Ticket> ticket = lookup.ticket(Long.toString(id)).filter(Ticket::isFinished);
            if (ticket.isPresent()) {
                decideFinished(ticket.get(), lookup.context(ticket.get()), console);
                decided++;
            }
        }
        List<Long> waiting = outbox.ticketsWithPending();
        if (settings.mode() != Mode.YES) {
            if (!waiting.isEmpty()) {
                console.println("[notify] " + waiting.size() + " ticket(s) have mail waiting in the outbox;"
                        + " LANDER_NOTIFY=" + settings.mode().label()
                        + " sends none");
            }
            return new CatchUp(decided, 0, 0, 0);
        }
        int sent = 0;
        int superseded = 0;
        int failed = 0;
        for (long id : waiting) {
            Optional<Delivery> d = deliver(id, console);
            if (d.isPresent() && d.get().sent()) {
                sent++;
                superseded += d.get().superseded();
            } else if (d.isPresent()) {
                failed++;
            }
        }
        return new CatchUp(decided, sent, superseded, failed);
    }

    private boolean decideFinished(Ticket ticket, NotificationContext ctx, PrintStream console) {
        NotificationKey key = NotificationKey.finished(ticket);
        return decide(ticket, key, () -> finishedReason(ticket, key), ticket.getSubtickets(), ctx, console,
                (to, id, date) -> MailLayout.finished(ticket, ctx, to, id, date, settings.from()));
    }

    /** Why a finished ticket gets no mail, or null. */
    private String finishedReason(Ticket ticket, NotificationKey key) {
        String automatic = automaticReason(ticket);
        if (automatic != null) {
            return automatic;
        }
        if (settings.on() == NotifySettings.On.FAILURES && !key.state().equals(TicketStatus.FAILED.name())) {
            return key.state().toLowerCase(Locale.ROOT) + ", and LANDER_NOTIFY_ON=failures";
        }
        if (ticket.getFailedStep() == WorkflowStep.PACKAGE_BUILDING
                && outbox.has(key.ticketId(), NotificationKind.BUILD_FAILED)) {
            return "its build-failure mail told it";
        }
        return null;
    }

    private String automaticReason(Ticket ticket) {
        if (settings.notifyAutomatic()) {
            return null;
        }
        return ticket.isAutomatic() ? "automatic ticket (LANDER_NOTIFY_AUTOMATIC=no)" : null;
    }

    @FunctionalInterface
    private interface Composer {
        Mail compose(Recipients to, String messageId, Instant date);
    }

    /**
     * Takes the decision about {@code key} once: skipped (for the reason {@code notToSend} gives,
     * or for the mode), written to the console (dry-run), or pending. Returns whether a mail is
     * pending for it.
     */
    private boolean decide(Ticket ticket, NotificationKey key, Supplier<String> notToSend, List<SubTicket> about,
            NotificationContext ctx, PrintStream console, Composer composer) {
        Optional<String> status = outbox.status(key);
        if (status.isPresent()) {
            return status.get().equals(Outbox.PENDING);
        }
        String reason = notToSend.get();
        if (settings.mode() == Mode.NO) {
            outbox.add(key, Outbox.SKIPPED, reason == null ? "LANDER_NOTIFY=no" : reason, null, null);
            return false;
        }
        Mail mail = null;
        if (reason == null) {
            Recipients to = Recipients.of(ticket, about, ctx, settings.admins());
            to.refused().forEach(r -> console.println("[notify] not mailing " + r));
            if (to.isEmpty()) {
                reason = "nobody to mail";
            } else {
                mail = composer.compose(to, key.messageId(token, domain()), Instant.now(clock));
            }
        }
        if (mail != null && settings.mode() == Mode.DRY_RUN) {
            console.println("[notify] dry-run: this mail is not sent:");
            console.print(MimeMail.render(mail));
            console.println();
            reason = "dry-run";
        }
        if (mail == null || reason != null) {
            if (outbox.add(key, Outbox.SKIPPED, reason, null, null) && !reason.equals("dry-run")) {
                console.println("[notify] no mail for " + key + ": " + reason);
            }
            return false;
        }
        outbox.add(key, Outbox.PENDING, null, mail.messageId(), MimeMail.render(mail));
        return true;
    }

    private String domain() {
        String address = settings.from().getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    private Optional<Delivery> deliver(long ticketId, PrintStream console) {
        if (transport == null) {
            return Optional.empty();
        }
        synchronized (delivering) {
            Optional<Delivery> d = outbox.deliverNewest(ticketId, transport);
            d.ifPresent(x -> console.println(x.sent()
                    ? "[notify] sent " + x.messageId() + (x.superseded() == 0 ? "" : ", in place of " + x.superseded()
                            + " older mail(s) of ticket " + ticketId + " that never went out")
                    : "[notify] could not send " + x.messageId() + ": " + Outbox.describe(x.error())
                            + " (kept in the outbox for the next catch-up)"));
            return d;
        }
    }
}
