package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.repository.TicketDatabase.TicketDatabaseException;
import jakarta.mail.MessagingException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The notification table of the ticket database (migration V3): one row per decision, written
 * and committed before the mail is sent, marked sent in the transaction that holds the row's lock
 * while the server is talked to. So a crash before the server accepted the mail leaves it pending
 * (sent at the next delivery), a crash after the mark sends nothing again, and a crash in between
 * sends it again with the same Message-ID. Two deliverers of the same ticket (two processes on
 * one PostgreSQL database) wait for each other on the row lock instead of both sending.
 */
final class Outbox {
    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String SKIPPED = "skipped";
    static final String SUPERSEDED = "superseded";
    /** The final state of a ticket row, as {@link NotificationKey#finalState} computes it for a Ticket. */
    private static final String FINAL_STATE = "CASE WHEN t.status = 'CANCELLED' THEN 'CANCELLED'"
            + " WHEN t.current_workflow_step = 999 THEN 'FAILED' ELSE 'COMPLETED' END";
    private static final String UNIQUE_VIOLATION = "23505";

    private final TicketDatabase db;

    Outbox(TicketDatabase db) {
        this.db = db;
    }

    /** The database's Message-ID token, made the first time it is needed. */
    String token() {
        Optional<String> known = db.transaction(c -> readToken(c));
        if (known.isPresent()) {
            return known.get();
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        try {
            db.transaction(c -> Sql.update(c, "INSERT INTO notification_origin (id, token) VALUES (1, ?)",
                    HexFormat.of().formatHex(random)));
        } catch (TicketDatabaseException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // another process made it first: use theirs
        }
        return db.transaction(c -> readToken(c)).orElseThrow();
    }

    private static Optional<String> readToken(Connection c) throws SQLException {
        return Sql.one(c, "SELECT token FROM notification_origin WHERE id = 1", rs -> rs.getString(1));
    }

    /** The status of the decision about {@code key}, if it was taken. */
    Optional<String> status(NotificationKey key) {
        return db.transaction(c -> Sql.one(c, "SELECT status FROM notification WHERE ticket_id = ? AND kind = ?"
                        + " AND subticket_id = ? AND state = ?", rs -> rs.getString(1),
                key.ticketId(), key.kind().column(), key.subticketId(), key.state()));
    }

    /** Whether the ticket has any decision of that kind. */
    boolean has(long ticketId, NotificationKind kind) {
        return db.transaction(c -> Sql.count(c, "SELECT COUNT(*) FROM notification WHERE ticket_id = ? AND kind = ?",
                ticketId, kind.column())) > 0;
    }

    /**
     * Records a decision, committed when this returns; false when that decision was already taken
     * (by an earlier call, or a concurrent one), which then stands.
     */
    boolean add(NotificationKey key, String status, String note, String messageId, String message) {
        try {
            db.transaction(c -> Sql.update(c, "INSERT INTO notification (ticket_id, kind, subticket_id, state, status,"
                            + " note, message_id, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    key.ticketId(), key.kind().column(), key.subticketId(), key.state(), status, note, messageId, message,
                    Sql.now()));
            return true;
        } catch (TicketDatabaseException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Finished tickets without a decision about their final state (missed by a crash or before). */
    List<Long> undecidedFinished() {
        return db.transaction(c -> Sql.query(c, "SELECT t.id FROM ticket t"
                + " WHERE (t.current_workflow_step IN (999, 1000) OR t.status = 'CANCELLED')"
                + " AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.ticket_id = t.id AND n.kind = 'finished'"
                + " AND n.state = " + FINAL_STATE + ") ORDER BY t.id", rs -> rs.getLong(1)));
    }

    List<Long> ticketsWithPending() {
        return db.transaction(c -> Sql.query(c, "SELECT DISTINCT ticket_id FROM notification WHERE status = ?"
                + " ORDER BY ticket_id", rs -> rs.getLong(1), PENDING));
    }

    /** What became of a ticket's pending mails. */
    record Delivery(long id, String messageId, int superseded, MessagingException error) {
        boolean sent() {
            return error == null;
        }
    }

    /**
     * Sends the newest pending mail of the ticket and marks it sent, marking the older pending
     * ones superseded (one mail per ticket for where it is now, never one per missed change); a
     * failed send is counted and stays pending. Empty when nothing was pending.
     */
    Optional<Delivery> deliverNewest(long ticketId, MailTransport transport) {
        return db.transaction(c -> {
            List<Pending> pending = Sql.query(c, "SELECT id, message_id, message FROM notification"
                            + " WHERE ticket_id = ? AND status = ? ORDER BY id FOR UPDATE",
                    rs -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3)), ticketId, PENDING);
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            Pending newest = pending.get(pending.size() - 1);
            List<String> refused;
            try {
                refused = transport.send(MimeMail.parse(newest.message()));
            } catch (MessagingException e) {
                Sql.update(c, "UPDATE notification SET attempts = attempts + 1, attempted_at = ?, last_error = ?"
                        + " WHERE id = ?", Sql.now(), abbreviate(describe(e)), newest.id());
                return Optional.of(new Delivery(newest.id(), newest.messageId(), 0, e));
            }
            Sql.update(c, "UPDATE notification SET status = ?, attempts = attempts + 1, attempted_at = ?, sent_at = ?,"
                    + " last_error = ? WHERE id = ?", SENT, Sql.now(), Sql.now(),
                    refused.isEmpty() ? null : abbreviate("refused by the server: " + String.join(", ", refused)), newest.id());
            for (Pending older : pending.subList(0, pending.size() - 1)) {
                Sql.update(c, "UPDATE notification SET status = ?, note = ? WHERE id = ?", SUPERSEDED,
                        "superseded by " + newest.messageId(), older.id());
            }
            return Optional.of(new Delivery(newest.id(), newest.messageId(), pending.size() - 1, null));
        });
    }

    private record Pending(long id, String messageId, String message) {}

    /** The message and its causes' ("Could not convert socket to TLS: PKIX path building failed"). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(m.strip());
            }
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 4000 ? text.substring(0, 4000) + "…" : text;
    }

    private static boolean isUniqueViolation(TicketDatabaseException e) {
        return e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState());
    }
}
