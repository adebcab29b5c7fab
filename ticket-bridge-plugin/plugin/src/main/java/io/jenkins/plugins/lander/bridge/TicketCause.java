package io.jenkins.plugins.lander.bridge;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Cause;

/**
 * "Landing ticket 42 of the Ticket System (Lander ticket 3), requested by alice": why the master
 * pipeline runs, saved with the run. {@link #getTicketId()} is the engine's ticket the run lands
 * (its steps' {@code ticket:}), {@link #getTicketSystemId()} the Ticket System's ticket its
 * progress is reported to.
 */
public final class TicketCause extends Cause {
    private final String ticketId;
    private final String ticketSystemId;
    private final String requestedBy;

    TicketCause(String ticketId, @CheckForNull String ticketSystemId, String requestedBy) {
        this.ticketId = ticketId;
        this.ticketSystemId = ticketSystemId;
        this.requestedBy = requestedBy;
    }

    public String getTicketId() {
        return ticketId;
    }

    public @CheckForNull String getTicketSystemId() {
        return ticketSystemId;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    @Override
    public String getShortDescription() {
        return ticketSystemId == null
                ? "Landing ticket " + ticketId + ", requested by " + requestedBy
                : "Landing ticket " + ticketSystemId + " of the Ticket System (Lander ticket " + ticketId
                        + "), requested by " + requestedBy;
    }
}
