package io.jenkins.plugins.lander.stats;

/** Stats for a ticket the database does not have. */
public final class UnknownTicketException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long ticket;

    public UnknownTicketException(long ticket) {
        super("no ticket " + ticket);
        this.ticket = ticket;
    }

    public long ticket() {
        return ticket;
    }
}
