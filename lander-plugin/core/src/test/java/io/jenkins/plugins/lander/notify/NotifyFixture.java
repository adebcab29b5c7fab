package io.jenkins.plugins.lander.notify;

import com.icegreen.greenmail.base.GreenMailOperations;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tickets in a real ticket database, the settings the tests start from, and what a server received. */
final class NotifyFixture {
    static final String UPLOADER = "Jane Doe <jane@uploader.test>";
    static final String OWNER = "owner@owner.test";
    static final String ADMINS = "Build Admins <admins@admins.test>, second@admins.test";
    static final String FROM = "Lander <lander@lander.test>";

    final TicketDatabase db;
    final JdbcTicketRepository repo;
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    NotifyFixture(TicketDatabase db) {
        this.db = db;
        this.repo = new JdbcTicketRepository(db);
    }

    static Map<String, String> env(int smtpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("LANDER_NOTIFY", "yes");
        env.put("LANDER_SMTP_URL", "smtp://127.0.0.1:" + smtpPort);
        env.put("LANDER_MAIL_FROM", FROM);
        env.put("LANDER_ADMINS", ADMINS);
        return env;
    }

    String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    /** A queued ticket of uploads {@code "source version"}, created in the database. */
    Ticket ticket(String owner, String... uploads) {
        return ticket(false, owner, uploads);
    }

    /** The same, {@link Ticket#isAutomatic automatic} or not. */
    Ticket ticket(boolean automatic, String owner, String... uploads) {
        Ticket t = new Ticket();
        t.setAutomatic(automatic);
        t.setTitle("Land " + uploads[0].split(" ")[0]);
        t.setDescription("");
        t.setOwner(owner);
        t.setSeries("bookworm");
        List<SubTicket> subs = new ArrayList<>();
        for (String u : uploads) {
            String[] sv = u.split(" ");
            subs.add(new SubTicket(0, sv[0], sv[1], sv[0] + "_" + sv[1] + "_source.changes"));
        }
        t.setSubtickets(subs);
        Ticket created = repo.create(t);
        for (SubTicket sub : created.getSubtickets()) {
            sub.getArtifacts().add(new Artifact("sources/" + sub.getUpload(), ArtifactType.SPU,
                    "file:///data/store/ticket-" + created.getId() + "/sources/" + sub.getUpload()));
            sub.getArtifacts().add(new Artifact("sources/" + sub.getSourcePackage() + "_" + sub.getVersion() + ".tar.xz",
                    ArtifactType.SPU, "file:///data/store/ticket-" + created.getId() + "/sources/tarball"));
            sub.getArtifacts().add(new Artifact(sub.key() + "/build.log", ArtifactType.LOGS,
                    "file:///data/store/ticket-" + created.getId() + "/" + sub.key() + "/build.log"));
        }
        created.getArtifacts().add(new Artifact("console/reserve.log", ArtifactType.LOGS,
                "file:///data/store/ticket-" + created.getId() + "/console/reserve.log"));
        repo.save(created);
        return created;
    }

    /** Fails the ticket at {@code step}, as the Lander does, and saves it. */
    Ticket fail(Ticket t, WorkflowStep step, String reason) {
        t.setFailedStep(step);
        t.setReason(reason);
        t.setCurrentWorkflowStep(WorkflowStep.FAILED);
        t.setStatus(TicketStatus.FAILED);
        t.getSubtickets().get(0).setCurrentWorkflowStep(WorkflowStep.FAILED);
        t.getSubtickets().get(0).setStatus(TicketStatus.FAILED);
        repo.save(t);
        return t;
    }

    Ticket complete(Ticket t) {
        t.setFailedStep(null);
        t.setReason(null);
        t.setCurrentWorkflowStep(WorkflowStep.COMPLETE);
        t.setStatus(TicketStatus.COMPLETED);
        repo.save(t);
        return t;
    }

    static NotificationContext context(Ticket t) {
        List<Uploader> uploaders = t.getSubtickets().stream()
                .map(s -> new Uploader(s.getSourcePackage(), s.getVersion(), UPLOADER, null))
                .toList();
        return NotificationContext.of(uploaders).withArchitecture("amd64").withDuration(Duration.ofSeconds(185));
    }

    /** Looks tickets up in the database, as the engine would at start. */
    Notifications.TicketLookup lookup() {
        return new Notifications.TicketLookup() {
            @Override
            public Optional<Ticket> ticket(String id) {
                return repo.find(id);
            }

            @Override
            public NotificationContext context(Ticket ticket) {
                return NotifyFixture.context(ticket);
            }
        };
    }

    /** The copies a mailbox of the server received. */
    static List<MimeMessage> inbox(GreenMailOperations mail, String address) {
        return mail.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(address), m -> true).toList();
    }

    /** Every distinct message the server received (one copy per recipient), by Message-ID. */
    static List<String> messageIds(GreenMailOperations mail) {
        return java.util.Arrays.stream(mail.getReceivedMessages()).map(NotifyFixture::messageId).distinct().toList();
    }

    static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outbox rows of a ticket: {@code kind/state=status}. */
    List<String> outbox(String ticketId) {
        return db.transaction(c -> io.jenkins.plugins.lander.repository.Sql.query(c,
                "SELECT kind, subticket_id, state, status FROM notification WHERE ticket_id = ? ORDER BY id",
                rs -> rs.getString(1) + (rs.getLong(2) == 0 ? "" : "#" + rs.getLong(2)) + "/" + rs.getString(3) + "="
                        + rs.getString(4), Long.parseLong(ticketId)));
    }
}
