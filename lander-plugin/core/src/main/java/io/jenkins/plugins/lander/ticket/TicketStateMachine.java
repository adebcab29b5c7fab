package io.jenkins.plugins.lander.ticket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one set of rules for how a ticket's (or subticket's) step and status may change, for the
 * REST API and the landing engine alike. A ticket is held ({@code WAITING}) or queued at step
 * 100, starts running at some step, moves through the steps in order (within a step it may run,
 * complete and fail again: the Jenkins steps report each upload's build), and closes completed at
 * 1000, or failed or cancelled at 999; a closed ticket never changes again. Cancelling is allowed
 * from anywhere open. Repeating the current state is allowed (a reporter that retries).
 */
public final class TicketStateMachine {
    private TicketStateMachine() {}

    public static boolean allows(TicketState from, TicketState to) {
        if (from.equals(to)) {
            return true;
        }
        if (!TicketState.isValid(to) || from.isFinal()) {
            return false;
        }
        TicketStatus was = from.status();
        return switch (to.status()) {
            case WAITING -> false;
            case QUEUED -> was == TicketStatus.WAITING;
            case CANCELLED -> true;
            case RUNNING -> was == TicketStatus.WAITING || was == TicketStatus.QUEUED || notBefore(from, to);
            case COMPLETED -> notBefore(from, to);
            case FAILED -> to.isFinal() ? was != TicketStatus.WAITING : notBefore(from, to);
        };
    }

    /** A step of the landing at or after the one the ticket is in. */
    private static boolean notBefore(TicketState from, TicketState to) {
        return from.isInStep() && (to.isFinal() || to.step().code() >= from.step().code());
    }

    /** Every state the ticket may go to from {@code from}, the current one aside, in status then step order. */
    public static List<TicketState> allowedFrom(TicketState from) {
        List<TicketState> out = new ArrayList<>();
        for (TicketStatus status : TicketStatus.values()) {
            for (WorkflowStep step : WorkflowStep.values()) {
                TicketState to = new TicketState(step, status);
                if (!to.equals(from) && allows(from, to)) {
                    out.add(to);
                }
            }
        }
        return out;
    }

    /** @throws IllegalTransitionException naming both states and what is allowed instead */
    public static void check(TicketState from, TicketState to) {
        if (allows(from, to)) {
            return;
        }
        String why;
        if (from.isFinal()) {
            why = ": " + from + " is final";
        } else if (!TicketState.isValid(to)) {
            why = ": " + to + " is not a state (step 999 goes with FAILED or CANCELLED, step 1000 with COMPLETED); allowed: "
                    + describe(allowedFrom(from));
        } else {
            why = "; allowed: " + describe(allowedFrom(from));
        }
        throw new IllegalTransitionException("cannot go from " + from + " to " + to + why, allowedFrom(from));
    }

    /** {@code WAITING → QUEUED}: a held ticket handed to the queue, where a REST ticket is submitted for landing. */
    public static boolean isSubmission(TicketState from, TicketState to) {
        return from.status() == TicketStatus.WAITING && to.status() == TicketStatus.QUEUED;
    }

    /** "RUNNING at 200, 300; CANCELLED at 999". */
    static String describe(List<TicketState> states) {
        Map<TicketStatus, List<TicketState>> byStatus = new LinkedHashMap<>();
        states.forEach(s -> byStatus.computeIfAbsent(s.status(), k -> new ArrayList<>()).add(s));
        return byStatus.entrySet().stream()
                .map(e -> e.getKey() + " at " + e.getValue().stream().map(s -> Integer.toString(s.step().code()))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
