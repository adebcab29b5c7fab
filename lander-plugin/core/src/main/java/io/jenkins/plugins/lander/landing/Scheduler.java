package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.repository.TicketRepository;
import io.jenkins.plugins.lander.repository.TicketRepository.Conflict;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Decides when a ticket may land, for every Lander process of a data directory (several
 * {@code lander land}, one {@code lander serve}): tickets that share a source package of the
 * same series land one after the other in queue order; the others land side by side, up to
 * {@code slots} at once. The rule is the repository's {@link TicketRepository#claim}; this class
 * adds who is alive (each landing holds its {@link TicketLock}) and the waiting.
 */
public final class Scheduler {
    /** Another process may finish a ticket without telling this JVM: look again this often. */
    private static final long RECHECK_MILLIS = 1_000;
    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();
    /**
     * The locks of the turns {@link #tryClaim} took, by ticket directory, until {@link #release}: a
     * face that waits on no thread (a Jenkins run) takes its turn in one call and gives it back in
     * another, maybe of another {@link Engine} on the same directory (a Jenkins controller builds a
     * new one when its configuration is saved), so the locks belong to the process, not to one engine.
     */
    private static final ConcurrentHashMap<Path, TicketLock> TURNS = new ConcurrentHashMap<>();

    private final TicketRepository tickets;
    private final Path ticketsRoot;
    private final int slots;
    private final Object changed = new Object();
    private long changes;

    public Scheduler(TicketRepository tickets, Path ticketsRoot, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one landing slot is needed, got " + slots);
        }
        this.tickets = tickets;
        this.ticketsRoot = ticketsRoot;
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    /** Takes the lock of a ticket this process is about to create or land. */
    public Optional<TicketLock> lock(String id) throws IOException {
        return TicketLock.tryAcquire(ticketsRoot, id);
    }

    /**
     * Waits until the ticket, whose lock the caller holds, may land, and marks it started. Says
     * on {@code waiting} what it waits for, each time that changes.
     */
    public void awaitTurn(Ticket ticket, Consumer<String> waiting) throws InterruptedException, IOException {
        String last = null;
        while (true) {
            long seen = changeCount();
            if (tickets.claim(ticket.getId(), PROCESS, slots, abandoned())) {
                return;
            }
            String why = whyWaiting(ticket.getId());
            if (!why.equals(last)) {
                waiting.accept(why);
                last = why;
            }
            synchronized (changed) {
                if (changes == seen) {
                    changed.wait(RECHECK_MILLIS);
                }
            }
        }
    }

    /**
     * Takes the ticket's turn now if the conflict rule and the slots let it land, without waiting
     * (the rule of {@link #awaitTurn}): for a face whose waiting holds no thread and that asks again
     * when a landing ends. The ticket's lock stays with this process until {@link #release}; asking
     * again for a ticket whose turn this process has is a yes.
     *
     * @return empty when the ticket may land (it is marked started), else why it waits
     * @throws IllegalStateException when another landing (a thread or process) holds the ticket's lock
     */
    public Optional<String> tryClaim(String id) throws IOException {
        Path key = ticketsRoot.resolve(id);
        synchronized (TURNS) {
            TicketLock lock = TURNS.get(key);
            boolean taken = lock == null;
            if (taken) {
                lock = TicketLock.tryAcquire(ticketsRoot, id).orElseThrow(() -> new IllegalStateException(
                        "ticket " + id + " is being landed by another landing of this data directory"));
            }
            if (tickets.claim(id, PROCESS, slots, abandoned())) {
                TURNS.put(key, lock);
                return Optional.empty();
            }
            if (taken) {
                lock.close();
            }
        }
        return Optional.of(whyWaiting(id));
    }

    /** Gives back the turn {@link #tryClaim} took (the ticket's lock), and the waiting look again. */
    public void release(String id) {
        TicketLock lock = TURNS.remove(ticketsRoot.resolve(id));
        if (lock != null) {
            lock.close();
        }
        landingEnded();
    }

    /** The first queued ticket of that origin that may land now, claimed and locked. */
    public Optional<Claim> claimNext(Origin origin) throws IOException {
        for (String id : tickets.queued(origin)) {
            Optional<TicketLock> lock = TicketLock.tryAcquire(ticketsRoot, id);
            if (lock.isEmpty()) {
                continue;
            }
            if (tickets.claim(id, PROCESS, slots, abandoned())) {
                Optional<Ticket> ticket = tickets.find(id);
                if (ticket.isPresent()) {
                    return Optional.of(new Claim(ticket.get(), lock.get()));
                }
            }
            lock.get().close();
        }
        return Optional.empty();
    }

    /**
     * Unfinished tickets whose landing process died (started, or queued by a {@code lander land}
     * that never got its turn), locked for this process to resume. With {@code origins}, only
     * those of these faces.
     */
    public List<Claim> adoptAbandoned(Set<Origin> origins) throws IOException {
        List<Claim> adopted = new ArrayList<>();
        Set<String> started = new HashSet<>(tickets.started());
        for (Ticket t : tickets.unfinished()) {
            boolean orphanable = started.contains(t.getId())
                    || (t.getOrigin() == Origin.CLI && t.getStatus() == TicketStatus.QUEUED);
            if (!orphanable || !origins.contains(t.getOrigin())) {
                continue;
            }
            Optional<TicketLock> lock = TicketLock.tryAcquire(ticketsRoot, t.getId());
            if (lock.isPresent()) {
                adopted.add(new Claim(t, lock.get()));
            }
        }
        return adopted;
    }

    /** A landing ended in this process: waiters look again now. */
    public void landingEnded() {
        synchronized (changed) {
            changes++;
            changed.notifyAll();
        }
    }

    private long changeCount() {
        synchronized (changed) {
            return changes;
        }
    }

    private Set<String> abandoned() throws IOException {
        Set<String> dead = new HashSet<>();
        for (String id : tickets.started()) {
            if (!TicketLock.isHeld(ticketsRoot, id)) {
                dead.add(id);
            }
        }
        return dead;
    }

    private String whyWaiting(String id) throws IOException {
        List<Conflict> conflicts = tickets.conflicts(id);
        if (conflicts.isEmpty()) {
            return "ticket " + id + " waits for a free landing slot (" + slots + " in use)";
        }
        Set<String> dead = abandoned();
        return "ticket " + id + " waits for " + conflicts.stream()
                .map(c -> "ticket " + c.ticket() + " (" + String.join(", ", c.sources()) + ")"
                        + (dead.contains(c.ticket()) ? ", whose landing died: run 'lander resume'" : ""))
                .collect(Collectors.joining(", "));
    }

    /** A ticket this process may land now, and the lock that says so. */
    public record Claim(Ticket ticket, TicketLock lock) implements AutoCloseable {
        @Override
        public void close() {
            lock.close();
        }
    }
}
