package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.landing.StepFailedException;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The steps of this controller waiting for their ticket's turn ({@code withPpa} and
 * {@code allocatePpa}), as {@code LockableResourcesManager} keeps its queued {@code lock}
 * contexts: executions without a thread, in the order they asked. Whether a ticket may go is the
 * engine's rule ({@link PipelineSteps#claim}: tickets sharing a source package of a series keep
 * queue order, the others land side by side up to the slots), so both steps, and every landing
 * of the engine, count against the same slots. Every release ({@link #release}: {@code releasePpa},
 * the end of a {@code withPpa} block, {@link PpaLeakListener}) makes the waiting ask again.
 * After a restart the waiting executions register again from {@code onResume}, and the holders
 * recorded in {@link PpaHolders} take their turns back before any waiting one is asked.
 */
final class PpaQueue {
    private static final Logger LOGGER = Logger.getLogger(PpaQueue.class.getName());
    private static final PpaQueue INSTANCE = new PpaQueue();

    /** A step waiting for its ticket's turn. */
    interface Waiter {
        String ticket();

        StepContext context();

        /** The turn is taken and this run is the ticket's holder: reserve the PPA and go on. */
        void granted();

        /** Why it still waits (said once per change). */
        void waiting(String why);
    }

    private final Set<Waiter> waiting = new LinkedHashSet<>();
    /** What each waiting step was last told, so a change is said once. */
    private final Map<Waiter, String> told = new HashMap<>();

    private boolean holdersRetaken;

    static PpaQueue get() {
        return INSTANCE;
    }

    /** Queues the step and asks for its turn at once (off the CPS VM thread). */
    void request(Waiter waiter) {
        synchronized (this) {
            waiting.add(waiter);
        }
        dispatch();
    }

    /**
     * A waiting step was stopped: it leaves the queue.
     *
     * @return whether it was waiting (false: it was granted meanwhile and holds the ticket)
     */
    synchronized boolean cancel(Waiter waiter) {
        told.remove(waiter);
        return waiting.remove(waiter);
    }

    /** The waiting ask again, in order, on a Lander thread. */
    void dispatch() {
        LanderThreads.pool().execute(this::askAll);
    }

    private synchronized void askAll() {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            PipelineSteps steps = new PipelineSteps(lease.engine(), new LandingListener() {});
            if (!holdersRetaken) {
                retakeHolders(steps);
                holdersRetaken = true;
            }
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                try {
                    Optional<String> why = ask(steps, w);
                    if (why.isEmpty()) {
                        it.remove();
                        told.remove(w);
                        w.granted();
                    } else if (!why.get().equals(told.put(w, why.get()))) {
                        w.waiting(why.get());
                    }
                } catch (Exception e) {
                    it.remove();
                    told.remove(w);
                    // a refusal (a closed ticket, one another run holds) fails the run with its reason only
                    w.context().onFailure(e instanceof StepFailedException ? new AbortException(e.getMessage()) : e);
                }
            }
        } catch (Exception e) {
            // no engine (a bad configuration): the waiting stay queued and ask again at the next release
            LOGGER.log(Level.WARNING, "Could not ask the Lander engine for the waiting tickets' turns", e);
        }
    }

    /**
     * Takes the ticket's turn for the waiter's run and records the run as its holder, before the
     * step reserves anything; refuses a ticket another live run holds.
     */
    private static Optional<String> ask(PipelineSteps steps, Waiter w) throws Exception {
        Run<?, ?> run = w.context().get(Run.class);
        String other = PpaHolders.get().otherLiveHolder(run, w.ticket());
        if (other != null) {
            throw new AbortException("ticket " + w.ticket() + " is being landed by " + other);
        }
        Optional<String> why = steps.claim(w.ticket());
        if (why.isEmpty()) {
            PpaHolders.get().claim(run, w.ticket());
        }
        return why;
    }

    /**
     * The tickets live runs held before this controller started hold their turns again (the
     * ticket's lock is the process's, gone with the old one), so they count against the slots.
     */
    private static void retakeHolders(PipelineSteps steps) {
        for (Map.Entry<String, String> held : PpaHolders.get().holdings().entrySet()) {
            Run<?, ?> run = Run.fromExternalizableId(held.getValue());
            if (run == null || !run.isBuilding()) {
                continue; // PpaLeakListener releases what an ended run held
            }
            try {
                steps.claim(held.getKey());
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not take back the turn of ticket " + held.getKey() + " for " + run, e);
            }
        }
    }

    /**
     * Releases the ticket's PPA, closes the ticket and gives back its turn, if this run holds it
     * (or nobody does): a run never releases what another run's ticket holds. Then the waiting
     * steps ask again, whichever step released.
     */
    static Map<String, Object> release(PipelineSteps steps, Run<?, ?> run, String ticket, String error)
            throws Exception {
        String holder = PpaHolders.get().holder(ticket);
        if (holder != null && !holder.equals(run.getExternalizableId())) {
            throw new AbortException("ticket " + ticket + "'s PPA is held by " + holder + ", not by this run");
        }
        try {
            Map<String, Object> closed = steps.releasePpa(ticket, error);
            PpaHolders.get().released(run, ticket);
            return closed;
        } finally {
            get().dispatch();
        }
    }

    /**
     * A step stopped while it waited: its ticket is closed as cancelled (unless a run holds it),
     * so the tickets queued behind it that share a source package do not wait for ever; then the
     * step ends with {@code cause}.
     */
    static void cancelled(Waiter waiter, Throwable cause) {
        LanderThreads.pool().execute(() -> {
            try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
                if (PpaHolders.get().holder(waiter.ticket()) == null) {
                    new PipelineSteps(lease.engine(), new LandingListener() {}).cancel(waiter.ticket());
                }
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not cancel ticket " + waiter.ticket(), e);
            } finally {
                waiter.context().onFailure(cause);
                get().dispatch();
            }
        });
    }
}
