package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import io.jenkins.plugins.lander.landing.Scheduler.Claim;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The tickets whose landing process died, resumed by this one: first the pool is reconciled (PPAs
 * of closed or unknown tickets go back), then every abandoned ticket lands again from its
 * journal, side by side as the scheduler allows, while this process goes on with its own work.
 */
final class Resumption {
    private final ExecutorService pool;
    private final List<Future<Ticket>> landings;

    private Resumption(ExecutorService pool, List<Future<Ticket>> landings) {
        this.pool = pool;
        this.landings = landings;
    }

    static Resumption start(LanderEnvironment env, LandingListener listener, PrintStream messages) throws Exception {
        Engine engine = env.engine();
        try (LoggedConsole console = new LoggedConsole(env.data().backend().resolve("reconcile.log"),
                line -> messages.println("lander: " + line))) {
            engine.reconcile(console);
            engine.starting(console);
        }
        List<Claim> claims = engine.scheduler().adoptAbandoned(EnumSet.allOf(Origin.class));
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "resumed landing");
            t.setDaemon(true);
            return t;
        });
        List<Future<Ticket>> landings = new ArrayList<>();
        for (Claim claim : claims) {
            Ticket t = claim.ticket();
            messages.println("lander: resuming ticket " + t.getId() + (t.getStatus() == TicketStatus.QUEUED
                    ? " (queued)" : " (interrupted at " + t.getCurrentWorkflowStep().label() + ")"));
            landings.add(pool.submit(() -> {
                try (claim) {
                    engine.scheduler().awaitTurn(t, message -> messages.println("lander: " + message));
                    return engine.lander(listener).land(t);
                }
            }));
        }
        pool.shutdown();
        return new Resumption(pool, landings);
    }

    /** Waits for every resumed landing; returns their final tickets in id order. */
    List<Ticket> await() throws Exception {
        List<Ticket> done = new ArrayList<>();
        for (Future<Ticket> f : landings) {
            try {
                done.add(f.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        return done;
    }

    boolean isEmpty() {
        return landings.isEmpty();
    }
}
