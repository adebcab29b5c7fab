package io.jenkins.plugins.lander.ticket;

import java.util.Set;

/** Where a ticket or subticket is: its workflow step and its status within that step. */
public record TicketState(WorkflowStep step, TicketStatus status) {
    private static final Set<WorkflowStep> OPEN_STEPS = Set.of(WorkflowStep.QUEUED, WorkflowStep.PACKAGE_BUILDING,
            WorkflowStep.IMAGE_BUILDING, WorkflowStep.IMAGE_TESTING, WorkflowStep.PACKAGE_PUBLISHING);

    /**
     * Whether the step and the status go together: held and queued tickets are at 100; a step in
     * progress (100–500) is running, completed or failed (the Jenkins steps report each); a closed
     * ticket is completed at 1000, or failed or cancelled at 999.
     */
    public static boolean isValid(TicketState s) {
        return switch (s.status()) {
            case WAITING, QUEUED -> s.step() == WorkflowStep.QUEUED;
            case RUNNING -> OPEN_STEPS.contains(s.step());
            case COMPLETED -> OPEN_STEPS.contains(s.step()) || s.step() == WorkflowStep.COMPLETE;
            case FAILED -> OPEN_STEPS.contains(s.step()) || s.step() == WorkflowStep.FAILED;
            case CANCELLED -> s.step() == WorkflowStep.FAILED;
        };
    }

    /** Closed: nothing changes it any more. */
    public boolean isFinal() {
        return step.isTerminal();
    }

    /** Inside a step of the landing (not held, not queued, not closed). */
    boolean isInStep() {
        return OPEN_STEPS.contains(step) && (status == TicketStatus.RUNNING || status == TicketStatus.COMPLETED
                || status == TicketStatus.FAILED);
    }

    @Override
    public String toString() {
        return status + " at " + step.code();
    }
}
