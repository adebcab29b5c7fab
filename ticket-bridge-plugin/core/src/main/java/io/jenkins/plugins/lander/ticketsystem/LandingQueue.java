package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.Lander;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.TicketStore;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued tickets through the {@link Lander}, one at a time: first the ticket that was running
 * when the server stopped (the Lander's journal resumes it), then queued tickets by priority and
 * FIFO. Checks the running landing's liveness: silent for {@value #MISSED_UPDATES} update periods,
 * it is failed as unresponsive and its PPA reclaimed (seed: Queue Service).
 */
public final class LandingQueue implements AutoCloseable {
    public static final int MISSED_UPDATES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(LandingQueue.class);
    private static final String FINISHED = "(current_workflow_step IN (999, 1000) OR status = 'CANCELLED')";

    private final TicketDatabase db;
    private final JdbcTicketRepository store;
    private final LandingSteps steps;
    private final LocalDataStore dataStore;
    private final Path workRoot;
    private final Duration updatePeriod;
    private final Duration landerHeartbeat;
    private final Object lock = new Object();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lander liveness");
        t.setDaemon(true);
        return t;
    });
    private Landing current;
    private boolean stopping;
    private Thread worker;

    /**
     * @param updatePeriod how often a landing must show life (seed: 60 s)
     * @param landerHeartbeat how often the in-process Lander sends its heartbeat; normally the
     *     same as {@code updatePeriod}
     */
    public LandingQueue(TicketDatabase db, LandingSteps steps, LocalDataStore dataStore, Path workRoot,
            Duration updatePeriod, Duration landerHeartbeat) {
        this.db = db;
        this.store = new JdbcTicketRepository(db);
        this.steps = steps;
        this.dataStore = dataStore;
        this.workRoot = workRoot;
        this.updatePeriod = updatePeriod;
        this.landerHeartbeat = landerHeartbeat;
    }

    /** Closes what a crash left half done, then starts landing. */
    public void start() throws Exception {
        for (Ticket t : store.all()) {
            if (t.isFinished() && Files.exists(journalFile(t)) && !journal(t).isDone(Lander.RELEASE)) {
                lander(LandingListenerNone.INSTANCE, store).land(t); // only releases the PPA it still holds
            }
        }
        lander(LandingListenerNone.INSTANCE, store).reconcile();
        worker = new Thread(this::loop, "lander queue");
        worker.start();
        long ms = updatePeriod.toMillis();
        watchdog.scheduleAtFixedRate(this::checkLiveness, ms, ms, TimeUnit.MILLISECONDS);
    }

    private Lander lander(LandingListener listener, TicketStore tickets) {
        return new Lander(steps, dataStore, tickets, workRoot, listener, landerHeartbeat);
    }

    /** Something was queued: look again now rather than at the next period. */
    public void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** After a status change through the API: a cancelled running ticket is stopped. */
    void statusChanged(TicketRecords.StatusChange change) {
        if (change.status() == TicketStatus.CANCELLED) {
            synchronized (lock) {
                if (current != null && current.id() == change.ticket()) {
                    current.cancel();
                }
            }
        } else if (change.status() == TicketStatus.QUEUED) {
            wake();
        }
    }

    /** The ticket being landed now, if any. */
    public Optional<Long> running() {
        synchronized (lock) {
            return current == null ? Optional.empty() : Optional.of(current.id());
        }
    }

    private void loop() {
        while (true) {
            Landing landing;
            synchronized (lock) {
                try {
                    Optional<Ticket> next = stopping ? Optional.empty() : pick();
                    while (!stopping && next.isEmpty()) {
                        lock.wait(updatePeriod.toMillis()); // woken by wake(); the period is a safety net
                        next = stopping ? Optional.empty() : pick();
                    }
                    if (stopping) {
                        return;
                    }
                    landing = new Landing(next.orElseThrow(), store, db);
                    current = landing;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("queue: cannot read the next ticket", e);
                    continue;
                }
            }
            try {
                run(landing);
            } catch (InterruptedException e) {
                landing.cancel();
                return;
            } catch (RuntimeException e) {
                LOG.error("queue: landing ticket " + landing.id() + " failed", e);
            } finally {
                synchronized (lock) {
                    current = null;
                }
            }
        }
    }

    /**
     * The next ticket, marked started before the Lander touches it: the one a stop interrupted,
     * else the first queued by priority, then queue time.
     */
    private Optional<Ticket> pick() {
        return db.transaction(c -> {
            Optional<Long> id = Sql.one(c, "SELECT id FROM ticket WHERE started_at IS NOT NULL AND NOT " + FINISHED
                    + " ORDER BY id LIMIT 1", rs -> rs.getLong(1));
            if (id.isEmpty()) {
                id = Sql.one(c, "SELECT id FROM ticket WHERE started_at IS NULL AND status = 'QUEUED'"
                        + " AND current_workflow_step = 100 ORDER BY priority DESC, queued_at, id LIMIT 1", rs -> rs.getLong(1));
                if (id.isPresent()) {
                    Sql.update(c, "UPDATE ticket SET started_at = ? WHERE id = ?", Sql.now(), id.get());
                }
            }
            return id.isEmpty() ? Optional.<Ticket>empty() : JdbcTicketRepository.load(c, id.get());
        });
    }

    private void run(Landing landing) throws InterruptedException {
        Ticket ticket = landing.ticket();
        LOG.info("queue: landing ticket {}", ticket.getId());
        landing.start(() -> {
            try {
                fetchUploads(ticket);
                store.save(ticket);
                lander(landing, landing).land(ticket);
                if (ticket.getStatus() == TicketStatus.CANCELLED && !landing.isFenced()) {
                    // the Lander leaves the subtickets where the interrupt found them
                    db.transaction(c -> {
                        TicketRecords.cancelOpenSubtickets(c, landing.id());
                        return null;
                    });
                }
            } catch (MissingUploadException e) {
                failBeforeLanding(ticket, e.getMessage());
            } catch (IOException e) {
                LOG.error("queue: ticket " + ticket.getId() + ": " + e.getMessage(), e);
                failBeforeLanding(ticket, "cannot land: " + e.getMessage());
            }
        });
        landing.awaitEnd();
        LOG.info("queue: ticket {} done", ticket.getId());
    }

    private void failBeforeLanding(Ticket ticket, String reason) {
        ticket.setFailedStep(WorkflowStep.QUEUED);
        ticket.setReason(reason);
        ticket.setCurrentWorkflowStep(WorkflowStep.FAILED);
        ticket.setStatus(TicketStatus.FAILED);
        store.save(ticket);
    }

    /**
     * Copies each subticket's SPU artifacts from the data store beside the ticket, where the Lander
     * reads (and re-validates) them, and names the upload's descriptor.
     */
    private void fetchUploads(Ticket ticket) throws IOException {
        if (ticket.getSubtickets().isEmpty()) {
            throw new MissingUploadException("the ticket has no subtickets (no source package uploads)");
        }
        for (SubTicket sub : ticket.getSubtickets()) {
            Path dir = workRoot.resolve(ticket.getId()).resolve("uploads").resolve(Integer.toString(sub.getId()));
            Files.createDirectories(dir);
            String descriptor = null;
            for (Artifact a : sub.getArtifacts()) {
                if (a.type() != ArtifactType.SPU) {
                    continue;
                }
                String file = Path.of(a.name()).getFileName().toString();
                if (!Files.exists(dir.resolve(file))) {
                    try (InputStream in = open(a)) {
                        Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (file.endsWith(".changes") || (descriptor == null && file.endsWith(".dsc"))) {
                    descriptor = file;
                }
            }
            if (descriptor == null) {
                throw new MissingUploadException("subticket " + sub.getId() + " (" + sub.key()
                        + ") has no _source.changes or .dsc among its SPU artifacts");
            }
            sub.setUpload(descriptor);
        }
    }

    /** An SPU artifact's bytes: from this server's data store, which is where uploads go. */
    private InputStream open(Artifact a) throws IOException {
        Optional<StoredFile> stored = StoredFile.of(dataStore, a.reference());
        if (stored.isEmpty()) {
            throw new MissingUploadException("SPU artifact " + a.name() + ": " + a.reference()
                    + " is not in this server's data store (upload it with PUT /api/v1/upload/TICKET/NAME)");
        }
        try {
            return dataStore.get(stored.get().container(), stored.get().name());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MissingUploadException("SPU artifact " + a.name() + ": " + a.reference() + " is missing");
        }
    }

    private static final class MissingUploadException extends IOException {
        private static final long serialVersionUID = 1L;

        MissingUploadException(String message) {
            super(message);
        }
    }

    private void checkLiveness() {
        Landing landing;
        synchronized (lock) {
            landing = current;
        }
        if (landing == null || landing.isFenced()) {
            return;
        }
        long limit = updatePeriod.toNanos() * MISSED_UPDATES;
        if (landing.nanosSinceSignOfLife() > limit) {
            try {
                declareUnresponsive(landing);
            } catch (Exception e) {
                LOG.error("queue: reclaiming unresponsive ticket " + landing.id(), e);
            }
        }
    }

    /** Fails the silent landing, gives its PPA back to the pool and moves the queue on. */
    private void declareUnresponsive(Landing landing) throws Exception {
        try {
            reclaim(landing);
        } finally {
            landing.abandon();
        }
    }

    private void reclaim(Landing landing) throws Exception {
        Ticket ticket = landing.ticket();
        landing.fence();
        String reason = "unresponsive: no progress for " + MISSED_UPDATES + " update periods ("
                + updatePeriod.multipliedBy(MISSED_UPDATES).toMillis() + " ms)";
        LOG.warn("queue: ticket {} {}", ticket.getId(), reason);
        db.transaction(c -> Sql.update(c, "UPDATE ticket SET failed_step = CASE WHEN current_workflow_step IN (999, 1000)"
                        + " THEN failed_step ELSE current_workflow_step END, current_workflow_step = ?, status = ?, reason = ?,"
                        + " updated_at = ? WHERE id = ?",
                WorkflowStep.FAILED.code(), TicketStatus.FAILED.name(), reason, Sql.now(), landing.id()));
        Journal journal = journal(ticket);
        if (!journal.isDone(Lander.RELEASE)) {
            Optional<Ppa> ppa = journal.result(Lander.RESERVE, Ppa.class);
            if (ppa.isPresent()) {
                Path log = workRoot.resolve(ticket.getId()).resolve("logs").resolve("reclaim.log");
                try (LoggedConsole console = new LoggedConsole(log, line -> {})) {
                    console.out().println("[lander] " + reason + "; reclaiming " + ppa.get().name());
                    steps.releasePpa(ppa.get(), console);
                }
            }
            journal.record(Lander.RELEASE, null);
        }
    }

    private Path journalFile(Ticket t) {
        return workRoot.resolve(t.getId()).resolve("journal.jsonl");
    }

    private Journal journal(Ticket t) throws IOException {
        return Journal.open(journalFile(t));
    }

    /**
     * Stops like a crash would, but cleanly: the running landing is detached (nothing more of it
     * is written) and is resumed from its journal at the next start.
     */
    @Override
    public void close() throws InterruptedException {
        watchdog.shutdownNow();
        synchronized (lock) {
            stopping = true;
            if (current != null) {
                current.detach();
            }
            lock.notifyAll();
        }
        if (worker != null) {
            worker.join();
        }
    }

    /** For start-up work that reports to no one. */
    private enum LandingListenerNone implements LandingListener {
        INSTANCE
    }

    /** Where a data store reference points inside this server's local data store. */
    record StoredFile(String container, String name) {
        static Optional<StoredFile> of(LocalDataStore store, String reference) {
            Path file;
            try {
                URI uri = URI.create(reference);
                if (!"file".equals(uri.getScheme())) {
                    return Optional.empty();
                }
                file = Path.of(uri).normalize();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!file.startsWith(store.root()) || file.getNameCount() < store.root().getNameCount() + 2) {
                return Optional.empty();
            }
            Path relative = store.root().relativize(file);
            return Optional.of(new StoredFile(relative.getName(0).toString(), relative.subpath(1, relative.getNameCount()).toString()));
        }
    }
}
