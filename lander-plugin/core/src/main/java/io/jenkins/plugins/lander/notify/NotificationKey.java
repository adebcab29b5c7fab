package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.Locale;

/**
 * What one notification decision is about: a ticket, the kind of mail, the subticket (0 for the
 * whole ticket) and the state. The outbox holds one row per key, so a decision is never taken
 * twice, and the Message-ID is derived from it, so a resend is recognisable.
 */
record NotificationKey(long ticketId, NotificationKind kind, long subticketId, String state) {

    static NotificationKey finished(Ticket ticket) {
        return new NotificationKey(Long.parseLong(ticket.getId()), NotificationKind.FINISHED, 0, finalState(ticket));
    }

    static NotificationKey buildFailed(Ticket ticket, BuildFailure failure) {
        return new NotificationKey(Long.parseLong(ticket.getId()), NotificationKind.BUILD_FAILED, failure.subticketId(),
                failure.state().name());
    }

    /** COMPLETED, FAILED or CANCELLED; the migration V3 computes the same from the ticket row. */
    static String finalState(Ticket ticket) {
        if (ticket.getStatus() == TicketStatus.CANCELLED) {
            return TicketStatus.CANCELLED.name();
        }
        return ticket.getCurrentWorkflowStep() == WorkflowStep.FAILED ? TicketStatus.FAILED.name() : TicketStatus.COMPLETED.name();
    }

    /**
     * {@code <lander.TOKEN.TICKET.KIND[.SUBTICKET].STATE@DOMAIN>}: the token is the database's,
     * the domain the sender's.
     */
    String messageId(String token, String domain) {
        return "<lander." + token + "." + ticketId + "." + kind.column() + (subticketId == 0 ? "" : "." + subticketId)
                + "." + state.toLowerCase(Locale.ROOT) + "@" + domain + ">";
    }

    @Override
    public String toString() {
        return "ticket " + ticketId + " " + kind.column() + (subticketId == 0 ? "" : " (subticket " + subticketId + ")")
                + " " + state;
    }
}
