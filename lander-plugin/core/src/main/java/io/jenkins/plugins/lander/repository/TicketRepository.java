package io.jenkins.plugins.lander.repository;

import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the tickets of a data directory live: one repository, one id space, for every face (the
 * CLI, the Ticket System, Jenkins). It also holds the landing queue: which tickets wait, which
 * are being landed, and the rule for which may start ({@link #claim}).
 */
public interface TicketRepository {

    /** Records a new ticket with its subtickets, giving them ids; the ticket keeps its status. */
    Ticket create(Ticket draft);

    /** Saves the ticket's step, status, reason, hints, regression table, subtickets and artifacts. */
    void save(Ticket ticket);

    Optional<Ticket> find(String id);

    /** Tickets that have not finished, oldest first. */
    List<Ticket> unfinished();

    /** Puts a ticket in the queue: status QUEUED at step 100, queued now. */
    void queue(String id);

    /**
     * Marks the ticket started by {@code landedBy} (a process) if it may start now: it is queued (or already
     * started by a process that died), no ticket ahead of it in the queue or being landed shares a
     * source package with it in the same series, and fewer than {@code slots} tickets are being
     * landed. Claims of all processes are serialised, so two processes never take the last slot.
     *
     * @param abandoned started tickets whose landing process has died (the caller can tell, the
     *     database cannot): they hold no slot
     */
    boolean claim(String id, String landedBy, int slots, Collection<String> abandoned);

    /** Ids of queued tickets of that origin that have not started, in queue order. */
    List<String> queued(Origin origin);

    /** Ids of started tickets that have not finished. */
    List<String> started();

    /** The unfinished tickets ahead of this one that share a source package with it: why it waits. */
    List<Conflict> conflicts(String id);

    /** When the ticket was queued and when its landing started (null when it has not). */
    Optional<QueueTimes> queueTimes(String id);

    record QueueTimes(java.time.Instant queued, java.time.Instant started) {}

    /** A ticket another waits for, and the source packages they share. */
    record Conflict(String ticket, List<String> sources, boolean started) {}
}
