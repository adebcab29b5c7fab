package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code withPpa} blocks of this controller, as {@code LockableResourcesManager} keeps its
 * queued {@code lock} contexts: at most one block per PPA of the pool (and per ticket) holds one;
 * the others wait in order, as executions without a thread, and the release of a PPA starts the
 * first waiting block that may go. After a restart the executions register again from
 * {@code onResume} (a granted block as granted), so no waiting block is lost.
 */
final class PpaQueue {
    private static final PpaQueue INSTANCE = new PpaQueue();

    private final Set<String> granted = new HashSet<>();
    private final Deque<WithPpaStep.Execution> waiting = new ArrayDeque<>();

    static PpaQueue get() {
        return INSTANCE;
    }

    /** Starts the block now when a PPA is free for its ticket, else queues it. */
    void request(WithPpaStep.Execution execution) {
        synchronized (this) {
            if (!mayGo(execution.ticket())) {
                waiting.add(execution);
                execution.waiting(waiting.size());
                return;
            }
            granted.add(execution.ticket());
        }
        execution.granted();
    }

    /** A granted block resumed after a restart: it holds its PPA again. */
    synchronized void regrant(WithPpaStep.Execution execution) {
        granted.add(execution.ticket());
    }

    /** A waiting block was stopped: it leaves the queue. */
    synchronized void cancel(WithPpaStep.Execution execution) {
        waiting.remove(execution);
    }

    /** The ticket's block ended: its PPA goes to the first waiting block that may go. */
    void released(String ticket) {
        WithPpaStep.Execution next = null;
        synchronized (this) {
            granted.remove(ticket);
            for (Iterator<WithPpaStep.Execution> it = waiting.iterator(); it.hasNext(); ) {
                WithPpaStep.Execution candidate = it.next();
                if (mayGo(candidate.ticket())) {
                    it.remove();
                    granted.add(candidate.ticket());
                    next = candidate;
                    break;
                }
            }
        }
        if (next != null) {
            next.granted();
        }
    }

    private boolean mayGo(String ticket) {
        return !granted.contains(ticket) && granted.size() < LanderConfiguration.get().getPoolSize();
    }
}
