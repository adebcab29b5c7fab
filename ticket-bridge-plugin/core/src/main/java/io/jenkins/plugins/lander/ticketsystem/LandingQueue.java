package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.Actions;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.Scheduler.Claim;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the Ticket System's tickets through the engine: first those a stopped or killed server
 * left unfinished (their journal resumes them), then queued tickets by priority and FIFO, side by
 * side as the engine's scheduler allows (tickets sharing a source package wait for each other).
 * Checks each running landing's liveness: silent for {@value #MISSED_UPDATES} update periods, it
 * is failed as unresponsive and its PPA reclaimed (seed: Queue Service).
 */
public final class LandingQueue implements AutoCloseable {
    public static final int MISSED_UPDATES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(LandingQueue.class);

    private final Engine engine;
    private final TicketDatabase db;
    private final Duration updatePeriod;
    private final Object lock = new Object();
    private final Map<Long, Landing> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lander liveness");
        t.setDaemon(true);
        return t;
    });
    private boolean stopping;
    private boolean woken;
    private Thread dispatcher;

    /** @param updatePeriod how often a landing must show life (seed: 60 s) */
    public LandingQueue(Engine engine, TicketDatabase db, Duration updatePeriod) {
        this.engine = engine;
        this.db = db;
        this.updatePeriod = updatePeriod;
    }

    /** Gives back what a crash left reserved, then starts landing. */
    public void start(Path reconcileLog) throws Exception {
        try (LoggedConsole console = new LoggedConsole(reconcileLog, line -> LOG.info("reconcile: {}", line))) {
            engine.reconcile(console);
        }
        dispatcher = new Thread(this::dispatch, "lander queue");
        dispatcher.start();
        long ms = updatePeriod.toMillis();
        watchdog.scheduleAtFixedRate(this::checkLiveness, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks a ticket's uploads and queues it (the seed's PATCH to status 000): the engine's
     * intake, as for every face. Bad uploads are a 400 naming the problem, and nothing is queued.
     */
    void admit(long id) {
        Ticket ticket = engine.tickets().find(Long.toString(id)).orElseThrow(() -> ApiException.notFound("no ticket " + id));
        if (ticket.getStatus() != TicketStatus.WAITING) {
            return; // already queued or landed; the status update decides what the request means
        }
        try {
            engine.intake().admit(ticket);
        } catch (InvalidSourceException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("staging the uploads of ticket " + id + ": " + e.getMessage(), e);
        }
        wake();
    }

    /** Something was queued or finished: look again now rather than at the next period. */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /** After a status change through the API: a cancelled running ticket is stopped. */
    void statusChanged(TicketRecords.StatusChange change) {
        if (change.status() == TicketStatus.CANCELLED) {
            Landing landing = running.get(change.ticket());
            if (landing != null) {
                landing.cancel();
            }
        } else if (change.status() == TicketStatus.QUEUED) {
            wake();
        }
    }

    /** The tickets being landed now. */
    public List<Long> running() {
        return new ArrayList<>(running.keySet());
    }

    private void dispatch() {
        while (true) {
            try {
                for (Claim claim : nextClaims()) {
                    launch(claim);
                }
                synchronized (lock) {
                    if (!woken && !stopping) {
                        lock.wait(updatePeriod.toMillis()); // woken by wake(); the period is a safety net
                    }
                    woken = false;
                    if (stopping) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.error("queue: cannot pick the next tickets", e);
                synchronized (lock) {
                    try {
                        lock.wait(updatePeriod.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Abandoned landings of this server's tickets first, then every queued ticket that may start. */
    private List<Claim> nextClaims() throws IOException {
        List<Claim> claims = new ArrayList<>(engine.scheduler().adoptAbandoned(EnumSet.of(Origin.API)));
        Optional<Claim> next;
        while ((next = engine.scheduler().claimNext(Origin.API)).isPresent()) {
            claims.add(next.get());
        }
        return claims;
    }

    private void launch(Claim claim) {
        Ticket ticket = claim.ticket();
        long id = Long.parseLong(ticket.getId());
        Landing landing = new Landing(ticket, db);
        landing.onDetach(claim::close);
        running.put(id, landing);
        LOG.info("queue: landing ticket {}", id);
        landing.start(() -> {
            try (claim) {
                engine.scheduler().awaitTurn(ticket, message -> LOG.info("queue: {}", message));
                engine.lander(landing).land(ticket);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.error("queue: ticket " + id + ": " + e.getMessage(), e);
            } finally {
                running.remove(id, landing);
                LOG.info("queue: ticket {} done", id);
                wake();
            }
        });
    }

    private void checkLiveness() {
        long limit = updatePeriod.toNanos() * MISSED_UPDATES;
        for (Landing landing : running.values()) {
            if (!landing.isFenced() && landing.nanosSinceSignOfLife() > limit) {
                try {
                    reclaim(landing);
                } catch (Exception e) {
                    LOG.error("queue: reclaiming unresponsive ticket " + landing.id(), e);
                } finally {
                    running.remove(landing.id(), landing);
                    landing.abandon();
                    wake();
                }
            }
        }
    }

    /** Fails the silent landing and gives its PPA back to the pool; nothing it does later is written. */
    private void reclaim(Landing landing) throws Exception {
        Ticket ticket = landing.ticket();
        landing.fence();
        String reason = "unresponsive: no progress for " + MISSED_UPDATES + " update periods ("
                + updatePeriod.multipliedBy(MISSED_UPDATES).toMillis() + " ms)";
        LOG.warn("queue: ticket {} {}", ticket.getId(), reason);
        db.transaction(c -> Sql.update(c, "UPDATE ticket SET failed_step = CASE WHEN current_workflow_step IN (999, 1000)"
                        + " THEN failed_step ELSE current_workflow_step END, current_workflow_step = ?, status = ?, reason = ?,"
                        + " updated_at = ?, finished_at = ? WHERE id = ?",
                WorkflowStep.FAILED.code(), TicketStatus.FAILED.name(), reason, Sql.now(), Sql.now(), landing.id()));
        Journal journal = engine.journal(ticket.getId());
        if (!journal.isDone(Actions.RELEASE_PPA)) {
            Optional<Ppa> ppa = journal.result(Actions.ALLOCATE_PPA, Ppa.class);
            if (ppa.isPresent()) {
                Path log = engine.ticketDir(ticket.getId()).resolve("logs").resolve("reclaim.log");
                try (LoggedConsole console = new LoggedConsole(log, line -> {})) {
                    console.out().println("[lander] " + reason + "; reclaiming " + ppa.get().name());
                    engine.steps().releasePpa(ppa.get(), console);
                }
            }
            journal.record(Actions.RELEASE_PPA, null);
        }
    }

    /**
     * Stops like a crash would, but cleanly: running landings are detached (nothing more of them
     * is written) and resumed from their journals at the next start.
     */
    @Override
    public void close() throws InterruptedException {
        watchdog.shutdownNow();
        synchronized (lock) {
            stopping = true;
            running.values().forEach(Landing::detach);
            lock.notifyAll();
        }
        if (dispatcher != null) {
            dispatcher.join();
        }
    }

}
