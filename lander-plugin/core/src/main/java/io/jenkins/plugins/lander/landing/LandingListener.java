package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;

/**
 * Progress of a landing, for whoever shows or relays it: the CLI's progress bar, the Ticket
 * System's status updates, a Jenkins console. The ticket passed in is already saved.
 */
public interface LandingListener {
    default void ticketChanged(Ticket ticket) {}

    default void output(Ticket ticket, WorkflowStep step, String line) {}

    default void progress(Ticket ticket, WorkflowStep step, int current, int total, String message) {}

    default void state(Ticket ticket, WorkflowStep step, String state, String message) {}

    /** Sent at a fixed period while the landing runs (the Queue Service's liveness signal). */
    default void heartbeat(Ticket ticket) {}
}
