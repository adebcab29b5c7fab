package io.jenkins.plugins.lander.ticket;

import java.util.List;

/** A change of step or status that {@link TicketStateMachine} does not allow; the message lists what it allows. */
public final class IllegalTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<TicketState> allowed;

    IllegalTransitionException(String message, List<TicketState> allowed) {
        super(message);
        this.allowed = List.copyOf(allowed);
    }

    /** The states the ticket may go to from where it is (the current one aside). */
    public List<TicketState> allowed() {
        return allowed;
    }
}
