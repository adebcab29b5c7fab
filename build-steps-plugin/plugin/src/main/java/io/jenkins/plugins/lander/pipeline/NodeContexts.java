package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which step execution currently calls the engine for a ticket, so that {@link DurableAgentLauncher}
 * (one for the controller's engine) runs the ticket's agent actions on that step's node. The engine
 * lands a ticket in one run at a time (its ticket lock), so one binding per ticket suffices.
 */
final class NodeContexts {
    private static final Map<String, DurableAgentLauncher.Tasks> BOUND = new ConcurrentHashMap<>();

    private NodeContexts() {}

    static Binding bind(String ticketId, DurableAgentLauncher.Tasks step) {
        BOUND.put(ticketId, step);
        return () -> BOUND.remove(ticketId, step);
    }

    static DurableAgentLauncher.Tasks of(String ticketId, String action) throws AbortException {
        DurableAgentLauncher.Tasks step = BOUND.get(ticketId);
        if (step == null) {
            throw new AbortException(action + " of ticket " + ticketId
                    + " runs on an agent: call its step inside node(label) { }");
        }
        return step;
    }

    @FunctionalInterface
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
