package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanderTest {
    @TempDir
    Path dir;

    private EngineFixture f;
    private RecordingSteps steps;
    private final List<Integer> stepsSeen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new EngineFixture(dir);
        steps = f.steps;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private LandingListener recordingSteps() {
        return new LandingListener() {
            @Override
            public synchronized void ticketChanged(Ticket ticket) {
                int code = ticket.getCurrentWorkflowStep().code();
                if (stepsSeen.isEmpty() || stepsSeen.get(stepsSeen.size() - 1) != code) {
                    stepsSeen.add(code);
                }
            }
        };
    }

    private Ticket land(Overrides overrides, String... sources) throws Exception {
        return f.land(f.submit(overrides, sources), recordingSteps());
    }

    private static Overrides ignoring(WorkflowStep step) {
        return new Overrides(Set.of(), Set.of(step), false);
    }

    @Test
    void landsThroughEveryActionInOrder() throws Exception {
        Ticket t = land(Overrides.NONE, "alpha", "beta");

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(t.getStatus()).isEqualTo(TicketStatus.COMPLETED);
        assertThat(steps.calls).containsExactly("allocate " + t.getId(), "build alpha_1.0", "build beta_1.0", "image []",
                "test alpha_1.0", "test beta_1.0", "publish [alpha_1.0, beta_1.0]", "release ci-pool-001");
        assertThat(stepsSeen).containsSubsequence(200, 300, 400, 500, 1000);
        assertThat(t.getSubtickets()).allSatisfy(s -> assertThat(s.getStatus()).isEqualTo(TicketStatus.COMPLETED));
        assertThat(t.getSubtickets().get(0).getArtifacts())
                .extracting(a -> a.type() + " " + a.name())
                .contains("SPU sources/alpha_1.0.dsc", "LOGS alpha_1.0/build.log");
        assertThat(f.store.list(t.container())).contains("alpha_1.0/build.log", "console/allocate-ppa.log",
                "console/build-source_alpha_1.0.log", "console/release-ppa.log");
        assertThat(f.stored(t.getId()).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        List<String> actions = f.engine.journal(t.getId()).entries().stream().map(Journal.Entry::action).toList();
        assertThat(actions).containsExactly("allocate-ppa", "build-source/alpha_1.0", "build-source/beta_1.0", "build-image",
                "run-autopkgtest/alpha_1.0", "run-autopkgtest/beta_1.0", "find-triggered-tests", "publish", "release-ppa");
    }

    @Test
    void aTicketWhoseStagedUploadsCannotBeReadFailsWhereItStandsAndTheNextOneLands() throws Exception {
        Scheduler.Claim spoiled = f.submit(Overrides.NONE, "alpha");
        String id = spoiled.ticket().getId();
        try (var files = java.nio.file.Files.walk(f.engine.ticketDir(id).resolve("uploads"))) {
            for (java.nio.file.Path tarball : files.filter(p -> p.toString().endsWith(".tar.xz")).toList()) {
                java.nio.file.Files.writeString(tarball, "tampered");
            }
        }
        Ticket t = f.land(spoiled);

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.QUEUED);
        assertThat(t.getReason()).contains("alpha_1.0.tar.xz");
        assertThat(steps.calls).isEmpty();
        assertThat(f.stored(id).getStatus()).isEqualTo(TicketStatus.FAILED);

        Ticket next = land(Overrides.NONE, "beta");
        assertThat(next.getStatus()).isEqualTo(TicketStatus.COMPLETED);
    }

    @Test
    void buildFailureStopsAt200PublishesNothingAndReleases() throws Exception {
        steps.failBuildOf.add("beta");
        Ticket t = land(Overrides.NONE, "alpha", "beta");

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.FAILED);
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).isEqualTo("beta_1.0: build FAILED: dpkg-buildpackage failed");
        assertThat(steps.calls).noneMatch(c -> c.startsWith("publish") || c.startsWith("image") || c.startsWith("test"));
        assertThat(steps.calls).last().isEqualTo("release ci-pool-001");
        assertThat(t.getSubtickets().get(1).getArtifacts()).anyMatch(a -> a.type() == ArtifactType.LOGS);
        assertThat(t.getSubtickets().get(1).getStatus()).isEqualTo(TicketStatus.FAILED);
    }

    @Test
    void ignoringBuildFailuresDropsTheFailedUploadFromTestsAndPublishing() throws Exception {
        steps.failBuildOf.add("beta");
        Ticket t = land(ignoring(WorkflowStep.PACKAGE_BUILDING), "alpha", "beta");

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.callsOf("test")).containsExactly("test alpha_1.0");
        assertThat(steps.callsOf("publish")).containsExactly("publish [alpha_1.0]");
        SubTicket beta = t.getSubtickets().get(1);
        assertThat(beta.getStatus()).isEqualTo(TicketStatus.FAILED);
        assertThat(beta.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.FAILED);
    }

    @Test
    void ignoringBuildFailuresWithNothingBuiltStillFailsAt200() throws Exception {
        steps.failBuildOf.add("alpha");
        Ticket t = land(ignoring(WorkflowStep.PACKAGE_BUILDING), "alpha");

        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).startsWith("no upload built: alpha_1.0");
        assertThat(steps.calls).noneMatch(c -> c.startsWith("image") || c.startsWith("publish"));
    }

    @Test
    void testFailureStopsAt400NamingTheFailingTestUnlessIgnored() throws Exception {
        steps.failTestOf.add("alpha");
        Ticket failed = land(Overrides.NONE, "alpha");
        assertThat(failed.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
        assertThat(failed.getReason()).isEqualTo("alpha_1.0: autopkgtest FAIL (exit 4): smoke FAIL non-zero exit status 1");
        assertThat(steps.calls).noneMatch(c -> c.startsWith("publish"));

        steps.calls.clear();
        steps.failTestOf.add("gamma");
        Ticket forced = land(ignoring(WorkflowStep.IMAGE_TESTING), "gamma");
        assertThat(forced.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.callsOf("publish")).containsExactly("publish [gamma_1.0]");
    }

    @Test
    void eachSubticketCarriesItsVerdictsInTheRepository() throws Exception {
        steps.failTestOf.add("beta");
        Ticket t = land(ignoring(WorkflowStep.IMAGE_TESTING), "alpha", "beta");

        Ticket stored = f.stored(t.getId());
        assertThat(stored.getSubtickets().get(0).getTests()).containsExactly(new Verdict("smoke", "PASS", false, ""));
        assertThat(stored.getSubtickets().get(1).getTests())
                .containsExactly(new Verdict("smoke", "FAIL", false, "non-zero exit status 1"));
        String json = io.jenkins.plugins.lander.Json.MAPPER.writeValueAsString(stored);
        assertThat(json).contains("\"tests\":[{\"test\":\"smoke\",\"result\":\"PASS\",\"superficial\":false,"
                + "\"flaky\":false,\"detail\":\"\"}]");
    }

    @Test
    void anUploadWithoutTestsLandsWithANeutralVerdict() throws Exception {
        steps.noTestsOf.add("alpha");
        Ticket t = land(Overrides.NONE, "alpha");

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(f.stored(t.getId()).getSubtickets().get(0).getTests())
                .containsExactly(new Verdict("no-tests", "NEUTRAL", false, "no tests in this package"));
        assertThat(steps.callsOf("publish")).containsExactly("publish [alpha_1.0]");
    }

    @Test
    void requiredTestsFailAnUploadWithoutTestsAt400AndPublishNothing() throws Exception {
        RecordingSteps strictSteps = new RecordingSteps();
        strictSteps.noTestsOf.add("alpha");
        try (EngineFixture strict = new EngineFixture(dir.resolve("strict"), strictSteps,
                new EngineSettings(4, 1, java.time.Duration.ofMinutes(1), true))) {
            Ticket t = strict.land(strict.submit(Overrides.NONE, "alpha", "beta"));

            assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.FAILED);
            assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
            assertThat(t.getReason()).isEqualTo("alpha_1.0: no tests ran and tests are required (require-tests)");
            assertThat(strict.stored(t.getId()).getSubtickets().get(0).getStatus()).isEqualTo(TicketStatus.FAILED);
            assertThat(strictSteps.calls).noneMatch(c -> c.startsWith("publish"));
        }
    }

    @Test
    void skipTestsOverrideRunsNoTest() throws Exception {
        Ticket t = land(new Overrides(Set.of(), Set.of(), true), "alpha");
        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.calls).noneMatch(c -> c.startsWith("test"));
    }

    @Test
    void anOverrideThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> new Overrides(Set.of(), Set.of(WorkflowStep.IMAGE_BUILDING), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ignore_failures: the failure of step 300 (Image Building) cannot be ignored;"
                        + " only 200 (Package Building) and 400 (Image Testing) can");
        assertThatThrownBy(() -> new Overrides(Set.of("amd64;rm"), Set.of(), false))
                .hasMessageContaining("'amd64;rm' is not a Debian architecture name");
    }

    @Test
    void anErrorFailsTheTicketAtItsStepAndStillReleases() throws Exception {
        steps.imageError = new IllegalStateException("mmdebstrap exited 1");
        Ticket t = land(Overrides.NONE, "alpha");
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_BUILDING);
        assertThat(t.getReason()).isEqualTo("mmdebstrap exited 1");
        assertThat(steps.calls).last().isEqualTo("release ci-pool-001");
    }

    @Test
    void uploadsAreBuiltInBuildDependencyOrderWhateverOrderTheyCameIn() throws Exception {
        SourceUpload libb = f.upload("libb", "liba (>= 1.0)", "debhelper-compat (= 13)");
        SourceUpload liba = f.upload("liba");
        Ticket t = f.land(f.submit(Overrides.NONE, libb, liba));

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.callsOf("build")).containsExactly("build liba_1.0", "build libb_1.0");
    }

    @Test
    void anUploadWhoseDependencyFailedToBuildWaitsOnItAndIsNotBuilt() throws Exception {
        steps.failBuildOf.add("liba");
        SourceUpload libb = f.upload("libb", "liba");
        Ticket t = f.land(f.submit(Overrides.NONE, libb, f.upload("liba")));

        assertThat(steps.callsOf("build")).containsExactly("build liba_1.0");
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).contains("liba_1.0: build FAILED")
                .contains("libb_1.0: build DEPWAIT: Dependency wait: libb_1.0 build-depends on liba_1.0, which did not build");
    }

    @Test
    void aBuildDependencyCycleIsRefusedAndCreatesNothing() throws Exception {
        SourceUpload a = f.upload("ca", "cb");
        SourceUpload b = f.upload("cb", "ca");
        assertThatThrownBy(() -> f.submit(Overrides.NONE, a, b))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("the uploads build-depend on each other in a cycle: ca needs cb, cb needs ca");
        assertThat(f.tickets.unfinished()).isEmpty();
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void independentUploadsOfAWaveBuildSideBySide() throws Exception {
        try (EngineFixture parallel = new EngineFixture(dir.resolve("parallel"), new RecordingSteps(),
                new EngineSettings(2, 2, java.time.Duration.ofMinutes(1)))) {
            CountDownLatch bothStarted = new CountDownLatch(2);
            CountDownLatch hold = new CountDownLatch(1);
            for (String s : List.of("pa", "pb")) {
                parallel.steps.buildStarted.put(s, bothStarted);
                parallel.steps.holdBuildOf.put(s, hold);
            }
            Scheduler.Claim claim = parallel.submit(Overrides.NONE, "pa", "pb");
            Thread landing = new Thread(() -> {
                try {
                    parallel.land(claim);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            landing.start();
            // both builds are under way at once: neither can finish before the latch opens
            assertThat(bothStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            hold.countDown();
            landing.join();
            assertThat(parallel.stored(claim.ticket().getId()).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        }
    }

    @Test
    void theSessionRefusesToTestAnUploadThatDidNotBuildOrToPublishFailedTests() throws Exception {
        steps.failBuildOf.add("beta");
        Scheduler.Claim claim = f.submit(ignoring(WorkflowStep.PACKAGE_BUILDING), "alpha", "beta");
        try (claim) {
            LandingSession session = f.engine.session(claim.ticket(), new LandingListener() {});
            session.allocatePpa();
            session.buildAll();
            session.buildImage();
            SubTicket beta = session.subticket("beta_1.0");
            assertThatThrownBy(() -> session.runAutopkgtest(beta))
                    .isInstanceOf(LandingRefusedException.class)
                    .hasMessage("beta_1.0 was not built (FAILED): its tests are not run");
            steps.failTestOf.add("alpha");
            session.runAutopkgtest(session.subticket("alpha_1.0"));
            assertThatThrownBy(session::publish)
                    .isInstanceOf(LandingRefusedException.class)
                    .hasMessageContaining("failed at 400 (Image Testing): alpha_1.0: autopkgtest FAIL");
            Ticket t = session.finish(LandingSession.Ending.RAN, null);
            assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
            assertThat(steps.calls).noneMatch(c -> c.startsWith("publish"));
        }
    }

    @Test
    void resumeSkipsDoneActionsAndResumesTheStartedOne() throws Exception {
        Scheduler.Claim claim = f.submit(Overrides.NONE, "alpha");
        Ticket t = claim.ticket();
        // what a crash during publish leaves: allocate/build/image/test done, publish started
        Journal journal = f.engine.journal(t.getId());
        journal.record(Actions.ALLOCATE_PPA, new Ppa("ci-pool-003"));
        journal.record("build-source/alpha_1.0", new BuildResult("alpha", "1.0", BuildResult.COMPLETED, null, List.of(), List.of()));
        journal.record(Actions.BUILD_IMAGE, new TestImage("/img", "bookworm", false, List.of()));
        journal.record("run-autopkgtest/alpha_1.0", new TestResult("alpha", "1.0", 0, TestOutcome.PASS, List.of(), List.of()));
        assertThatThrownBy(() -> journal.run(Actions.PUBLISH, PublishResult.class, r -> {
            throw new IllegalStateException("killed");
        }));
        claim.close(); // the process that held it died

        List<Scheduler.Claim> adopted = f.engine.scheduler().adoptAbandoned(Set.of(io.jenkins.plugins.lander.ticket.Origin.CLI));
        assertThat(adopted).extracting(c -> c.ticket().getId()).containsExactly(t.getId());
        Ticket done = f.land(adopted.get(0));

        assertThat(done.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.calls).containsExactly("publish [alpha_1.0] (resuming)", "release ci-pool-003");
        assertThat(f.tickets.unfinished()).isEmpty();
    }

    @Test
    void aTicketKilledAfterItsReleaseOnlyGetsItsVerdictSaved() throws Exception {
        steps.failTestOf.add("alpha");
        Scheduler.Claim claim = f.submit(Overrides.NONE, "alpha");
        Ticket t = claim.ticket();
        Journal journal = f.engine.journal(t.getId());
        journal.record(Actions.ALLOCATE_PPA, new Ppa("ci-pool-002"));
        journal.record("build-source/alpha_1.0", new BuildResult("alpha", "1.0", BuildResult.COMPLETED, null, List.of(), List.of()));
        journal.record(Actions.BUILD_IMAGE, new TestImage("/img", "bookworm", false, List.of()));
        journal.record("run-autopkgtest/alpha_1.0", new TestResult("alpha", "1.0", 4, TestOutcome.FAIL, List.of(), List.of()));
        journal.record(Actions.RELEASE_PPA, null);

        Ticket done = f.land(claim);
        assertThat(steps.calls).isEmpty();
        assertThat(done.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
    }

    @Test
    void aFinishedTicketIsNeverChangedByAStaleCopy() throws Exception {
        Ticket t = land(Overrides.NONE, "alpha");
        Ticket stale = f.stored(t.getId());
        stale.setCurrentWorkflowStep(WorkflowStep.IMAGE_TESTING);
        stale.setStatus(TicketStatus.RUNNING);
        f.tickets.save(stale);
        assertThat(f.stored(t.getId()).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
    }

    @Test
    void interruptCancelsAndReleases() throws Exception {
        steps.testStarted = new CountDownLatch(1);
        steps.blockTests = new CountDownLatch(1);
        Scheduler.Claim claim = f.submit(Overrides.NONE, "alpha");
        AtomicReference<Ticket> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread landing = new Thread(() -> {
            try {
                result.set(f.land(claim));
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
        Ticket draft = f.draft(Overrides.NONE);
        draft.setSeries("hirsute");
        SourceUpload u = f.upload("alpha");
        assertThatThrownBy(() -> f.engine.intake().submit(draft, List.of(u)))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("unknown series 'hirsute'");
        assertThat(f.tickets.find("1")).isEmpty();
    }

    @Test
    void aVersionTheArchiveHasIsRefusedBeforeAnythingIsCreated() throws Exception {
        steps.alreadyPublished = "beta";
        assertThatThrownBy(() -> f.submit(Overrides.NONE, "alpha", "beta"))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessage("beta 1.0 is already in the bookworm archive");
        assertThat(f.tickets.find("1")).isEmpty();
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void aSourceGivenTwiceIsRefused() throws Exception {
        SourceUpload u = f.upload("alpha");
        SourceUpload newer = f.version("alpha", "1.1");
        assertThatThrownBy(() -> f.submit(Overrides.NONE, u, u)).hasMessageContaining("alpha is given twice");
        assertThatThrownBy(() -> f.submit(Overrides.NONE, u, newer)).hasMessageContaining("alpha is given twice");
        assertThat(f.tickets.find("1")).isEmpty();
    }
}
