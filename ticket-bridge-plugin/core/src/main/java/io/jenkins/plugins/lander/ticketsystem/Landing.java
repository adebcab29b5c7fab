package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ticket the queue is landing right now: the Lander's listener for that one landing, which
 * records heartbeats and progress. Every report is a sign of life for the liveness check. Once
 * the landing is declared unresponsive it is fenced: its reports are no longer written (and the
 * repository never changes a ticket that is finished, as the reclaimed one is).
 */
final class Landing implements LandingListener {
    private final Ticket ticket;
    private final TicketDatabase db;
    private final AtomicBoolean fenced = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile long lastSignOfLife = System.nanoTime();
    private volatile Thread thread;
    private volatile Runnable onDetach;

    Landing(Ticket ticket, TicketDatabase db) {
        this.ticket = ticket;
        this.db = db;
    }

    Ticket ticket() {
        return ticket;
    }

    long id() {
        return Long.parseLong(ticket.getId());
    }

    /** Runs the landing on its own thread, so that an unresponsive one can be left behind. */
    void start(Runnable body) {
        Thread t = new Thread(() -> {
            try {
                if (cancelled.get()) {
                    Thread.currentThread().interrupt(); // cancelled before it began
                }
                body.run();
            } finally {
                ended.complete(null);
            }
        }, "landing ticket " + ticket.getId());
        t.setDaemon(true); // a stopping server leaves it to be resumed, as after a crash
        thread = t;
        t.start();
    }

    void awaitEnd() throws InterruptedException {
        try {
            ended.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks the Lander to stop: it marks the ticket cancelled and releases the PPA. */
    void cancel() {
        cancelled.set(true);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** From now on nothing this landing reports is written. */
    void fence() {
        fenced.set(true);
    }

    /** Fences the landing and lets the queue go on without it; its ticket is free to be resumed. */
    void detach() {
        fence();
        Runnable release = onDetach;
        if (release != null) {
            release.run();
        }
        ended.complete(null);
    }

    /** What {@link #detach} gives up (the ticket's lock). */
    void onDetach(Runnable release) {
        this.onDetach = release;
    }

    /** Detaches the landing and interrupts it, for one that stopped showing life. */
    void abandon() {
        detach();
        cancel();
    }

    boolean isFenced() {
        return fenced.get();
    }

    long nanosSinceSignOfLife() {
        return System.nanoTime() - lastSignOfLife;
    }

    private void alive() {
        lastSignOfLife = System.nanoTime();
    }

    // ---- LandingListener

    @Override
    public void heartbeat(Ticket t) {
        if (!fenced.get()) {
            alive();
            db.transaction(c -> Sql.update(c, "UPDATE ticket SET last_heartbeat = ? WHERE id = ?", Sql.now(), id()));
        }
    }

    @Override
    public void progress(Ticket t, WorkflowStep step, int current, int total, String message) {
        if (!fenced.get()) {
            alive();
            db.transaction(c -> Sql.update(c, "UPDATE ticket SET progress_current = ?, progress_total = ?, progress_message = ?"
                    + " WHERE id = ?", current, total, message == null ? null : truncate(message), id()));
        }
    }

    @Override
    public void state(Ticket t, WorkflowStep step, String state, String message) {
        alive();
    }

    @Override
    public void output(Ticket t, WorkflowStep step, String line) {
        alive();
    }

    private static String truncate(String s) {
        return s.length() <= 4096 ? s : s.substring(0, 4096);
    }
}
