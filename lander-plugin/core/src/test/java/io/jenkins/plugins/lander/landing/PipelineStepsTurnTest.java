package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's conflict rule on the path of the Jenkins steps ({@link PipelineSteps#claim},
 * {@link PipelineSteps#allocatePpa}, {@link PipelineSteps#releasePpa}): tickets are taken in and
 * their intake's lock given back, as the ticket bridge does, and each asks for its turn without
 * waiting, as a step that waits on no thread does. Real H2 repository, recording backend.
 */
class PipelineStepsTurnTest {
    @TempDir
    Path dir;

    private EngineFixture f;
    private PipelineSteps steps;

    @BeforeEach
    void setUp() {
        f = new EngineFixture(dir, new RecordingSteps(), new EngineSettings(2, 1, Duration.ofMinutes(1)));
        steps = new PipelineSteps(f.engine, new LandingListener() {});
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Ticket t : f.tickets.unfinished()) {
            steps.cancel(t.getId()); // gives back every turn a test left taken (they belong to the process)
        }
        f.close();
    }

    /** A ticket taken in as the bridge does: its intake's lock is given back at once. */
    private String ticket(String source, String version) throws Exception {
        try (Scheduler.Claim claim = f.submit(Overrides.NONE, f.version(source, version))) {
            return claim.ticket().getId();
        }
    }

    @Test
    void ticketsOfDifferentSourcesHoldPpasAtOnceAndOneSharingASourceWaitsForTheFirst() throws Exception {
        String hello = ticket("hello", "1.0");
        String other = ticket("other", "1.0");
        String hello2 = ticket("hello", "1.1");

        assertThat(steps.claim(hello)).isEmpty();
        assertThat(steps.claim(other)).isEmpty();
        Object first = steps.allocatePpa(hello).get("name");
        Object second = steps.allocatePpa(other).get("name");
        assertThat(first).isNotEqualTo(second);

        assertThat(steps.claim(hello2)).contains("ticket " + hello2 + " waits for ticket " + hello + " (hello)");
        assertThatThrownBy(() -> steps.allocatePpa(hello2))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("ticket " + hello2 + " waits for ticket " + hello + " (hello)");
        assertThat(f.steps.calls).containsExactly("allocate " + hello, "allocate " + other);

        steps.releasePpa(other, null);
        assertThat(steps.claim(hello2)).as("the other ticket's end does not end the conflict").isPresent();
        steps.releasePpa(hello, null);
        assertThat(steps.claim(hello2)).isEmpty();
        assertThat(steps.allocatePpa(hello2).get("name")).isNotNull();
    }

    @Test
    void aTicketWaitsForAFreeSlotAndTakesItWhenALandingEnds() throws Exception {
        String a = ticket("alpha", "1.0");
        String b = ticket("beta", "1.0");
        String c = ticket("gamma", "1.0");
        steps.allocatePpa(a); // takes its turn itself
        steps.allocatePpa(b);
        assertThat(steps.claim(c)).contains("ticket " + c + " waits for a free landing slot (2 in use)");
        steps.releasePpa(a, "the run failed");
        assertThat(steps.claim(c)).isEmpty();
        assertThat(f.stored(a).getReason()).isEqualTo("the run failed");
    }

    @Test
    void aTakenTurnIsTheTicketsLockHeldByThisProcessUntilReleasedAndAskingAgainIsYes() throws Exception {
        String a = ticket("alpha", "1.0");
        Path tickets = dir.resolve("tickets");
        assertThat(TicketLock.isHeld(tickets, a)).isFalse();
        assertThat(steps.claim(a)).isEmpty();
        assertThat(TicketLock.isHeld(tickets, a)).isTrue();
        // a second engine of the same directory (Jenkins rebuilds its engine on reconfiguration)
        Engine rebuilt = new Engine(f.tickets, f.store, f.steps, tickets, new EngineSettings(2, 1, Duration.ofMinutes(1)),
                SignatureVerifier.none());
        PipelineSteps again = new PipelineSteps(rebuilt, new LandingListener() {});
        assertThat(again.claim(a)).isEmpty();
        again.releasePpa(a, null);
        assertThat(TicketLock.isHeld(tickets, a)).isFalse();
    }

    @Test
    void aTicketLockedByAnotherLandingOrClosedIsRefused() throws Exception {
        try (Scheduler.Claim held = f.submit(Overrides.NONE, f.version("busy", "1.0"))) {
            String busy = held.ticket().getId();
            assertThatThrownBy(() -> steps.claim(busy))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("ticket " + busy + " is being landed by another landing of this data directory");
        }
        String done = ticket("done", "1.0");
        steps.allocatePpa(done);
        steps.releasePpa(done, null);
        assertThatThrownBy(() -> steps.claim(done))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("ticket " + done + " is closed (FAILED)");
        assertThatThrownBy(() -> steps.claim("999")).hasMessage("no ticket 999 in this Lander");
    }

    @Test
    void aWaitingTicketCancelledLetsTheTicketsBehindItGo() throws Exception {
        String first = ticket("hello", "1.0");
        String waiting = ticket("hello", "1.1");
        String behind = ticket("hello", "1.2");
        steps.allocatePpa(first);
        assertThat(steps.claim(waiting)).isPresent();
        steps.releasePpa(first, null);
        // the run of `waiting` is stopped before its turn: closed as cancelled, holding nothing
        assertThat(steps.cancel(waiting).get("status")).isEqualTo("CANCELLED");
        assertThat(steps.claim(behind)).isEmpty();
        assertThat(f.steps.callsOf("allocate")).containsExactly("allocate " + first);
        assertThat(f.stored(waiting).getStatus().name()).isEqualTo("CANCELLED");
    }
}
