package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link OutboxCrashTest} kills: opens the ticket database, then either notifies
 * ticket ID as the engine does after saving it ({@code notify}) or catches up as the engine does
 * at start ({@code catch-up}), through the real SMTP transport.
 *
 * <pre>OutboxCrashMain DB_DIR SMTP_PORT TICKET_ID notify|catch-up</pre>
 *
 * <p>With {@code -Dlander.test.crashAt=accepted} it stops right after the server accepted the
 * mail, before the outbox marks it sent; with {@code marked}, right after that mark committed.
 * There it prints where it stopped and waits to be killed with {@code kill -9}. Only this test
 * class reads the property: production code has no crash hook.
 */
public final class OutboxCrashMain {
    private OutboxCrashMain() {}

    public static void main(String[] args) throws Exception {
        Path dbDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String ticketId = args[2];
        String crashAt = System.getProperty("lander.test.crashAt", "");
        try (TicketDatabase db = TicketDatabase.h2(dbDir)) {
            NotifySettings settings = NotifySettings.fromEnvironment(NotifyFixture.env(port));
            SmtpTransport smtp = new SmtpTransport(settings.smtp(), settings.from().getAddress());
            MailTransport transport = message -> {
                List<String> refused = smtp.send(message);
                if (crashAt.equals("accepted")) {
                    stopDead("ACCEPTED");
                }
                return refused;
            };
            Notifications notifications = new Notifications(settings, db, transport, Clock.systemUTC());
            NotifyFixture f = new NotifyFixture(db);
            if (args[3].equals("catch-up")) {
                System.out.println("CAUGHT-UP " + notifications.catchUp(f.lookup(), System.out));
            } else {
                Ticket t = f.repo.find(ticketId).orElseThrow();
                notifications.ticketChanged(t, NotifyFixture.context(t), System.out);
            }
            if (crashAt.equals("marked")) {
                stopDead("MARKED");
            }
        }
        System.out.println("DONE");
    }

    /** Says where it is and waits for the test's kill -9. */
    private static void stopDead(String where) {
        System.out.println(where);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to be killed", e);
        }
    }
}
