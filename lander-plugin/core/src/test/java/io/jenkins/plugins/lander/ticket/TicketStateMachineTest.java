package io.jenkins.plugins.lander.ticket;

import static io.jenkins.plugins.lander.ticket.TicketStatus.CANCELLED;
import static io.jenkins.plugins.lander.ticket.TicketStatus.COMPLETED;
import static io.jenkins.plugins.lander.ticket.TicketStatus.FAILED;
import static io.jenkins.plugins.lander.ticket.TicketStatus.QUEUED;
import static io.jenkins.plugins.lander.ticket.TicketStatus.RUNNING;
import static io.jenkins.plugins.lander.ticket.TicketStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicketStateMachineTest {
    private static TicketState at(int step, TicketStatus status) {
        return new TicketState(WorkflowStep.fromCode(step), status);
    }

    private static void walk(TicketState... states) {
        for (int i = 1; i < states.length; i++) {
            TicketStateMachine.check(states[i - 1], states[i]);
        }
    }

    @Test
    void theLandersOwnSequencesAreAllowed() {
        // API ticket: held, queued by the seed's PATCH, landed (Lander.enter per step), completed
        walk(at(100, WAITING), at(100, QUEUED), at(200, RUNNING), at(300, RUNNING), at(400, RUNNING), at(500, RUNNING),
                at(1000, COMPLETED));
        // a failed build, failed tests, a cancel, a ticket the queue fails before it lands
        walk(at(100, QUEUED), at(200, RUNNING), at(999, FAILED));
        walk(at(100, QUEUED), at(200, RUNNING), at(300, RUNNING), at(400, RUNNING), at(999, FAILED));
        walk(at(100, QUEUED), at(200, RUNNING), at(999, CANCELLED));
        walk(at(100, QUEUED), at(999, FAILED));
        walk(at(100, WAITING), at(999, CANCELLED));
        // subtickets: created queued, built, tested, completed or failed
        walk(at(100, QUEUED), at(200, RUNNING), at(400, RUNNING), at(1000, COMPLETED));
        walk(at(100, QUEUED), at(200, RUNNING), at(999, FAILED));
    }

    @Test
    void theJenkinsPipelinesReportsAreAllowed() {
        // TicketRunListener and LandingStepExecution: each step RUNNING then COMPLETED or FAILED;
        // a failed build with the override goes on to the next upload and the next step
        walk(at(100, WAITING), at(100, RUNNING), at(100, COMPLETED), at(200, RUNNING), at(200, FAILED), at(200, RUNNING),
                at(200, COMPLETED), at(300, RUNNING), at(300, COMPLETED), at(400, RUNNING), at(400, COMPLETED),
                at(500, RUNNING), at(500, COMPLETED), at(1000, COMPLETED));
    }

    @Test
    void repeatingTheCurrentStateIsAllowed() {
        for (TicketState s : List.of(at(100, WAITING), at(100, QUEUED), at(300, RUNNING), at(1000, COMPLETED), at(999, CANCELLED))) {
            assertThat(TicketStateMachine.allows(s, s)).as(s.toString()).isTrue();
        }
    }

    @Test
    void closedTicketsStayClosed() {
        assertThatThrownBy(() -> TicketStateMachine.check(at(1000, COMPLETED), at(100, WAITING)))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("cannot go from COMPLETED at 1000 to WAITING at 100: COMPLETED at 1000 is final");
        assertThatThrownBy(() -> TicketStateMachine.check(at(999, CANCELLED), at(200, RUNNING)))
                .hasMessage("cannot go from CANCELLED at 999 to RUNNING at 200: CANCELLED at 999 is final");
        assertThat(TicketStateMachine.allowedFrom(at(999, FAILED))).isEmpty();
    }

    @Test
    void stepsDoNotGoBackAndNothingRunsBeforeItIsQueuedOrHeld() {
        assertThat(TicketStateMachine.allows(at(400, RUNNING), at(200, RUNNING))).isFalse();
        assertThat(TicketStateMachine.allows(at(200, RUNNING), at(100, QUEUED))).isFalse();
        assertThat(TicketStateMachine.allows(at(100, QUEUED), at(100, WAITING))).isFalse();
        assertThat(TicketStateMachine.allows(at(100, WAITING), at(1000, COMPLETED))).isFalse();
    }

    @Test
    void aStepAndStatusThatDoNotGoTogetherAreNoState() {
        assertThat(TicketState.isValid(at(999, COMPLETED))).isFalse();
        assertThat(TicketState.isValid(at(1000, FAILED))).isFalse();
        assertThat(TicketState.isValid(at(300, CANCELLED))).isFalse();
        assertThat(TicketState.isValid(at(200, WAITING))).isFalse();
        assertThatThrownBy(() -> TicketStateMachine.check(at(200, RUNNING), at(999, COMPLETED)))
                .hasMessage("cannot go from RUNNING at 200 to COMPLETED at 999: COMPLETED at 999 is not a state (step 999 goes"
                        + " with FAILED or CANCELLED, step 1000 with COMPLETED); allowed: RUNNING at 300, 400, 500;"
                        + " COMPLETED at 200, 300, 400, 500, 1000; FAILED at 200, 300, 400, 500, 999; CANCELLED at 999");
    }

    @Test
    void theErrorListsTheAllowedStates() {
        IllegalTransitionException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalTransitionException.class,
                () -> TicketStateMachine.check(at(100, WAITING), at(1000, COMPLETED)));
        assertThat(e.allowed()).contains(at(100, QUEUED), at(999, CANCELLED), at(100, RUNNING)).doesNotContain(at(100, WAITING));
        assertThat(e.getMessage()).isEqualTo("cannot go from WAITING at 100 to COMPLETED at 1000; allowed: QUEUED at 100;"
                + " RUNNING at 100, 200, 300, 400, 500; CANCELLED at 999");
    }

    @Test
    void queueingAHeldTicketIsItsSubmission() {
        assertThat(TicketStateMachine.isSubmission(at(100, WAITING), at(100, QUEUED))).isTrue();
        assertThat(TicketStateMachine.isSubmission(at(100, QUEUED), at(100, QUEUED))).isFalse();
        assertThat(TicketStateMachine.isSubmission(at(100, WAITING), at(100, RUNNING))).isFalse();
    }
}
