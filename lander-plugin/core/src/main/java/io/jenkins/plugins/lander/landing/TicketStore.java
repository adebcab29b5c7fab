package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where tickets live: files under the data directory for the CLI, a database for the Ticket System. */
public interface TicketStore {
    /** Gives the ticket (and its subtickets) ids and saves it. */
    Ticket create(Ticket ticket) throws IOException;

    /** Saves the ticket's current state before the Lander acts on it. */
    void save(Ticket ticket) throws IOException;

    Optional<Ticket> find(String id) throws IOException;

    List<Ticket> all() throws IOException;
}
