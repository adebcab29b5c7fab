package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanderTest {
    @TempDir
    Path dir;

    private final RecordingSteps steps = new RecordingSteps();
    private final List<Integer> stepsSeen = new ArrayList<>();
    private FileTicketStore tickets;
    private LocalDataStore store;

    @BeforeEach
    void setUp() {
        tickets = new FileTicketStore(dir.resolve("tickets"));
        store = new LocalDataStore(dir.resolve("store"));
    }

    private Lander lander() {
        LandingListener listener = new LandingListener() {
            @Override
            public void ticketChanged(Ticket ticket) {
                int code = ticket.getCurrentWorkflowStep().code();
                if (stepsSeen.isEmpty() || stepsSeen.get(stepsSeen.size() - 1) != code) {
                    stepsSeen.add(code);
                }
            }
        };
        return new Lander(steps, store, tickets, dir.resolve("tickets"), listener, Duration.ofMinutes(1));
    }

    private SourceUpload upload(String source) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + source));
        Path tar = Files.writeString(src.resolve(source + "_1.0.tar.xz"), "payload of " + source);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tar)));
        Path dsc = Files.writeString(src.resolve(source + "_1.0.dsc"), "Format: 3.0 (native)\nSource: " + source
                + "\nBinary: " + source + "\nArchitecture: any\nVersion: 1.0\nChecksums-Sha256:\n " + sha + " "
                + Files.size(tar) + " " + tar.getFileName() + "\n");
        return new SourceUploadReader().read(dsc);
    }

    private Ticket submit(Overrides overrides, String... sources) throws Exception {
        Ticket draft = new Ticket();
        draft.setTitle("t");
        draft.setSeries("bookworm");
        draft.setOverrides(overrides);
        List<SourceUpload> uploads = new ArrayList<>();
        for (String s : sources) {
            uploads.add(upload(s));
        }
        return lander().submit(draft, uploads);
    }

    @Test
    void landsThroughEveryStepInOrder() throws Exception {
        Ticket t = lander().land(submit(Overrides.NONE, "alpha", "beta"));

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(t.getStatus()).isEqualTo(TicketStatus.COMPLETED);
        assertThat(steps.calls).containsExactly("allocate 1", "build alpha_1.0", "build beta_1.0", "image []",
                "test alpha_1.0", "test beta_1.0", "publish [alpha_1.0, beta_1.0]", "release ci-pool-001");
        assertThat(stepsSeen).containsSubsequence(100, 200, 300, 400, 500, 1000);
        assertThat(t.getSubtickets()).allSatisfy(s -> assertThat(s.getStatus()).isEqualTo(TicketStatus.COMPLETED));
        assertThat(t.getSubtickets().get(0).getArtifacts())
                .extracting(a -> a.type() + " " + a.name())
                .contains("SPU sources/alpha_1.0.dsc", "LOGS alpha_1.0/build.log");
        assertThat(store.list(t.container())).contains("alpha_1.0/build.log", "console/reserve.log");
        assertThat(tickets.find(t.getId()).orElseThrow().getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
    }

    @Test
    void buildFailureStopsAt200PublishesNothingAndReleases() throws Exception {
        steps.failBuildOf = "beta";
        Ticket t = lander().land(submit(Overrides.NONE, "alpha", "beta"));

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.FAILED);
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).contains("beta_1.0").contains("dpkg-buildpackage failed");
        assertThat(steps.calls).noneMatch(c -> c.startsWith("publish") || c.startsWith("image"));
        assertThat(steps.calls).last().isEqualTo("release ci-pool-001");
        assertThat(t.getSubtickets().get(1).getArtifacts()).anyMatch(a -> a.type() == ArtifactType.LOGS);
    }

    @Test
    void testFailureStopsAt400UnlessIgnored() throws Exception {
        steps.failTestOf = "alpha";
        Ticket failed = lander().land(submit(Overrides.NONE, "alpha"));
        assertThat(failed.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
        assertThat(failed.getReason()).contains("alpha_1.0: autopkgtest FAIL (exit 4)");
        assertThat(steps.calls).noneMatch(c -> c.startsWith("publish"));

        steps.calls.clear();
        Ticket forced = lander().land(submit(new Overrides(Set.of(), Set.of(WorkflowStep.IMAGE_TESTING), false), "alpha"));
        assertThat(forced.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.calls).anyMatch(c -> c.startsWith("publish"));
    }

    @Test
    void skipTestsOverrideRunsNoTest() throws Exception {
        Ticket t = lander().land(submit(new Overrides(Set.of(), Set.of(), true), "alpha"));
        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.calls).noneMatch(c -> c.startsWith("test"));
    }

    @Test
    void anErrorFailsTheTicketAtItsStepAndStillReleases() throws Exception {
        steps.imageError = new IllegalStateException("mmdebstrap exited 1");
        Ticket t = lander().land(submit(Overrides.NONE, "alpha"));
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_BUILDING);
        assertThat(t.getReason()).isEqualTo("mmdebstrap exited 1");
        assertThat(steps.calls).last().isEqualTo("release ci-pool-001");
    }

    @Test
    void resumeSkipsDoneActionsAndResumesTheStartedOne() throws Exception {
        Ticket t = submit(Overrides.NONE, "alpha");
        Lander lander = lander();
        // what a crash during publish leaves: reserve/build/image/test done, publish started
        Journal journal = lander.journal(t);
        journal.record(Lander.RESERVE, new Ppa("ci-pool-003", "deb x", "x"));
        journal.record("build:alpha_1.0", new BuildResult("alpha", "1.0", BuildResult.COMPLETED, null, List.of(), List.of()));
        journal.record(Lander.IMAGE, new TestImage("/img", "bookworm", false, List.of()));
        journal.record("test:alpha_1.0", new TestResult("alpha", "1.0", 0, TestOutcome.PASS, List.of(), List.of()));
        assertThatThrownBy(() -> journal.run(Lander.PUBLISH, PublishResult.class, r -> {
            throw new IllegalStateException("killed");
        }));

        assertThat(lander.unfinished()).extracting(Ticket::getId).containsExactly(t.getId());
        Ticket done = lander().land(tickets.find(t.getId()).orElseThrow());

        assertThat(done.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.calls).containsExactly("publish [alpha_1.0] (resuming)", "release ci-pool-003");
        assertThat(lander().unfinished()).isEmpty();
    }

    @Test
    void finishedButUnreleasedTicketIsOnlyReleased() throws Exception {
        Ticket t = submit(Overrides.NONE, "alpha");
        Lander lander = lander();
        lander.journal(t).record(Lander.RESERVE, new Ppa("ci-pool-002", "deb x", "x"));
        t.setCurrentWorkflowStep(WorkflowStep.FAILED);
        t.setStatus(TicketStatus.FAILED);
        tickets.save(t);

        lander.land(t);
        assertThat(steps.calls).containsExactly("release ci-pool-002");
        assertThat(lander.unfinished()).isEmpty();
    }

    @Test
    void interruptCancelsAndReleases() throws Exception {
        steps.testStarted = new CountDownLatch(1);
        steps.blockTests = new CountDownLatch(1);
        Ticket t = submit(Overrides.NONE, "alpha");
        AtomicReference<Ticket> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread landing = new Thread(() -> {
            try {
                result.set(lander().land(t));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        landing.start();
        steps.testStarted.await();
        landing.interrupt();
        landing.join();

        assertThat(result.get().getStatus()).isEqualTo(TicketStatus.CANCELLED);
        assertThat(result.get().getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
        assertThat(steps.calls).last().isEqualTo("release ci-pool-001");
        assertThat(stillInterrupted.get()).isTrue();
    }

    @Test
    void unknownSeriesCreatesNothing() throws Exception {
        Ticket draft = new Ticket();
        draft.setSeries("hirsute");
        SourceUpload u = upload("alpha");
        assertThatThrownBy(() -> lander().submit(draft, List.of(u)))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("unknown series 'hirsute'");
        assertThat(tickets.all()).isEmpty();
    }

    @Test
    void aVersionTheArchiveHasIsRefusedBeforeAnythingIsCreated() throws Exception {
        steps.alreadyPublished = "beta";
        assertThatThrownBy(() -> submit(Overrides.NONE, "alpha", "beta"))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessage("beta 1.0 is already in the bookworm archive");
        assertThat(tickets.all()).isEmpty();
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void sameUploadTwiceIsRefused() throws Exception {
        Ticket draft = new Ticket();
        draft.setSeries("bookworm");
        SourceUpload u = upload("alpha");
        assertThatThrownBy(() -> lander().submit(draft, List.of(u, u))).hasMessageContaining("given twice");
        assertThat(tickets.all()).isEmpty();
    }
}
