package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's delivery example ("Components versus number of instances"): tickets A (mir,
 * libunity-mir, platform-api), B (libunity-mir), C (mir), D (unity8), E (unity-scope-home),
 * queued in that order: A, D and E land at once; B and C wait for A.
 */
class SchedulerTest {
    @TempDir
    Path dir;

    private EngineFixture f;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** Which tickets are in their build step now, and the most that ever were at once. */
    private final Set<String> building = ConcurrentHashMap.newKeySet();
    private final Map<String, String> ticketOf = new ConcurrentHashMap<>();
    private final List<Set<String>> together = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new EngineFixture(dir, new RecordingSteps(), new EngineSettings(5, 1, Duration.ofMinutes(1)));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        f.close();
    }

    private Future<Ticket> landInBackground(Scheduler.Claim claim) {
        return pool.submit(() -> f.land(claim, new LandingListener() {
            @Override
            public void ticketChanged(Ticket t) {
                if (t.getCurrentWorkflowStep() == WorkflowStep.PACKAGE_BUILDING) {
                    building.add(t.getTitle());
                    synchronized (together) {
                        together.add(Set.copyOf(building));
                    }
                } else if (t.getCurrentWorkflowStep().code() > WorkflowStep.PACKAGE_BUILDING.code()) {
                    building.remove(t.getTitle());
                }
            }
        }));
    }

    private Scheduler.Claim ticket(String name, String... sources) throws Exception {
        List<io.jenkins.plugins.lander.source.SourceUpload> uploads = new ArrayList<>();
        for (String s : sources) {
            uploads.add(f.version(s, name.equals("A") ? "1.0" : "1.0+" + name));
        }
        Ticket draft = f.draft(Overrides.NONE);
        draft.setTitle(name);
        Scheduler.Claim claim = f.engine.intake().submit(draft, uploads);
        ticketOf.put(name, claim.ticket().getId());
        return claim;
    }

    @Test
    void ticketsSharingASourceWaitInQueueOrderOthersLandSideBySide() throws Exception {
        CountDownLatch holdA = new CountDownLatch(1);
        CountDownLatch aBuilding = new CountDownLatch(1);
        f.steps.holdBuildOf.put("platform-api", holdA);
        f.steps.buildStarted.put("platform-api", aBuilding);
        CountDownLatch others = new CountDownLatch(2);
        CountDownLatch holdOthers = new CountDownLatch(1);
        for (String s : List.of("unity8", "unity-scope-home")) {
            f.steps.buildStarted.put(s, others);
            f.steps.holdBuildOf.put(s, holdOthers);
        }

        List<Future<Ticket>> landings = new ArrayList<>();
        landings.add(landInBackground(ticket("A", "mir", "libunity-mir", "platform-api")));
        assertThat(aBuilding.await(30, TimeUnit.SECONDS)).isTrue();
        landings.add(landInBackground(ticket("B", "libunity-mir")));
        landings.add(landInBackground(ticket("C", "mir")));
        landings.add(landInBackground(ticket("D", "unity8")));
        landings.add(landInBackground(ticket("E", "unity-scope-home")));

        // D and E build while A still builds; B and C have not started
        assertThat(others.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(building).containsExactlyInAnyOrder("A", "D", "E");
        assertThat(f.engine.tickets().conflicts(ticketOf.get("C")))
                .extracting(io.jenkins.plugins.lander.repository.TicketRepository.Conflict::ticket)
                .containsExactly(ticketOf.get("A"));
        assertThat(f.steps.callsOf("build")).noneMatch(c -> c.contains("+B") || c.contains("+C"));

        holdOthers.countDown();
        holdA.countDown();
        for (Future<Ticket> l : landings) {
            assertThat(l.get(60, TimeUnit.SECONDS).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        }
        // B and C only built after A had left its build step, and never at the same time as A
        synchronized (together) {
            assertThat(together).noneMatch(s -> s.contains("A") && (s.contains("B") || s.contains("C")));
        }
    }

    @Test
    void noMoreTicketsLandAtOnceThanThereAreSlots() throws Exception {
        try (EngineFixture one = new EngineFixture(dir.resolve("one"), new RecordingSteps(),
                new EngineSettings(1, 1, Duration.ofMinutes(1)))) {
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch firstBuilding = new CountDownLatch(1);
            one.steps.holdBuildOf.put("first", hold);
            one.steps.buildStarted.put("first", firstBuilding);
            Scheduler.Claim first = one.submit(Overrides.NONE, "first");
            Scheduler.Claim second = one.submit(Overrides.NONE, "second");
            Future<Ticket> a = pool.submit(() -> one.land(first));
            assertThat(firstBuilding.await(30, TimeUnit.SECONDS)).isTrue();
            List<String> waits = new ArrayList<>();
            Future<?> b = pool.submit(() -> {
                one.engine.scheduler().awaitTurn(second.ticket(), waits::add);
                return one.engine.lander(new LandingListener() {}).land(second.ticket());
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !waits.isEmpty());
            assertThat(waits.get(0)).isEqualTo("ticket " + second.ticket().getId() + " waits for a free landing slot (1 in use)");
            assertThat(one.steps.callsOf("build")).containsExactly("build first_1.0");
            hold.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
            second.close();
            assertThat(one.steps.callsOf("build")).containsExactly("build first_1.0", "build second_1.0");
        }
    }

    @Test
    void aTicketWhoseLandingDiedIsAdoptedOnlyOnceAndOnlyWhenItsLockIsFree() throws Exception {
        Scheduler.Claim claim = f.submit(Overrides.NONE, "alpha");
        assertThat(f.engine.scheduler().adoptAbandoned(Set.of(Origin.CLI))).isEmpty();
        claim.close();
        List<Scheduler.Claim> adopted = f.engine.scheduler().adoptAbandoned(Set.of(Origin.CLI));
        assertThat(adopted).hasSize(1);
        assertThat(f.engine.scheduler().adoptAbandoned(Set.of(Origin.CLI))).isEmpty();
        assertThat(f.engine.scheduler().adoptAbandoned(Set.of(Origin.API))).isEmpty();
        adopted.get(0).close();
    }
}
