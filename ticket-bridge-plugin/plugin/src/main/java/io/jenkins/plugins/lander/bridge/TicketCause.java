package io.jenkins.plugins.lander.bridge;

import hudson.model.Cause;

/** "Landing ticket 42, requested by alice": why the master pipeline runs. */
public final class TicketCause extends Cause {
    private final String ticketId;
    private final String requestedBy;

    TicketCause(String ticketId, String requestedBy) {
        this.ticketId = ticketId;
        this.requestedBy = requestedBy;
    }

    public String getTicketId() {
        return ticketId;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    @Override
    public String getShortDescription() {
        return "Landing ticket " + ticketId + ", requested by " + requestedBy;
    }
}
