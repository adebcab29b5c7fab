package io.jenkins.plugins.lander.ticket;

/** Where a ticket or subticket stands inside its current workflow step. */
public enum TicketStatus {
    QUEUED,
    WAITING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
