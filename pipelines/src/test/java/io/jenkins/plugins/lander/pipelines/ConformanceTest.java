package io.jenkins.plugins.lander.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.Actions;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.EngineFixture;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance table: each scenario lands once through the engine's {@link
 * io.jenkins.plugins.lander.landing.Lander} (what {@code lander land} and {@code lander serve}
 * run) and once through {@code pipelines/lander.groovy} on the engine's Pipeline steps (what
 * Jenkins runs), with one expected outcome per row that both must meet.
 */
class ConformanceTest {
    @TempDir
    Path dir;

    /** What a landing must have done, whichever orchestrator ran it. */
    record Expected(int step, String status, Integer failedStep, String reason, List<String> builds, List<String> tests,
            List<String> published) {}

    /** A scenario: its uploads ({@code NAME} or {@code NAME<-DEP}), overrides, backend faults and expected outcome. */
    record Row(String name, List<String> uploads, Overrides overrides, Set<String> failBuild, Set<String> failTest,
            Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Orchestrator {
        LANDER,
        PIPELINE
    }

    private static final Overrides IGNORE_BUILDS = new Overrides(Set.of(), Set.of(WorkflowStep.PACKAGE_BUILDING), false);
    private static final Overrides FORCE_BADTEST = new Overrides(Set.of(), Set.of(WorkflowStep.IMAGE_TESTING), false);
    private static final Overrides FORCE_SKIPTEST = new Overrides(Set.of(), Set.of(), true);
    private static final Overrides IGNORE_ARM = new Overrides(Set.of("arm64", "armhf"), Set.of(), false);

    static List<Row> rows() {
        return List.of(
                new Row("pass", List.of("liba", "libb"), Overrides.NONE, Set.of(), Set.of(), new Expected(1000, "COMPLETED", null, null,
                        List.of("build liba_1.0", "build libb_1.0"), List.of("test liba_1.0", "test libb_1.0"), List.of("liba_1.0", "libb_1.0"))),
                new Row("build fails", List.of("liba"), Overrides.NONE, Set.of("liba"), Set.of(), new Expected(999, "FAILED", 200,
                        "liba_1.0: build FAILED: dpkg-buildpackage failed", List.of("build liba_1.0"), List.of(), null)),
                new Row("test fails", List.of("liba"), Overrides.NONE, Set.of(), Set.of("liba"), new Expected(999, "FAILED", 400,
                        "liba_1.0: autopkgtest FAIL (exit 4): smoke FAIL non-zero exit status 1", List.of("build liba_1.0"),
                        List.of("test liba_1.0"), null)),
                new Row("two uploads, one build fails", List.of("liba", "libb"), Overrides.NONE, Set.of("libb"), Set.of(),
                        new Expected(999, "FAILED", 200, "libb_1.0: build FAILED: dpkg-buildpackage failed",
                                List.of("build liba_1.0", "build libb_1.0"), List.of(), null)),
                new Row("ignore-failure 200 drops the failed upload", List.of("liba", "libb"), IGNORE_BUILDS, Set.of("libb"), Set.of(),
                        new Expected(1000, "COMPLETED", null, null, List.of("build liba_1.0", "build libb_1.0"),
                                List.of("test liba_1.0"), List.of("liba_1.0"))),
                new Row("ignore-failure 200 with nothing built", List.of("liba"), IGNORE_BUILDS, Set.of("liba"), Set.of(),
                        new Expected(999, "FAILED", 200, "no upload built: liba_1.0: build FAILED: dpkg-buildpackage failed",
                                List.of("build liba_1.0"), List.of(), null)),
                new Row("force-badtest publishes failed tests", List.of("liba"), FORCE_BADTEST, Set.of(), Set.of("liba"),
                        new Expected(1000, "COMPLETED", null, null, List.of("build liba_1.0"), List.of("test liba_1.0"),
                                List.of("liba_1.0"))),
                new Row("force-skiptest", List.of("liba"), FORCE_SKIPTEST, Set.of(), Set.of("liba"), new Expected(1000, "COMPLETED",
                        null, null, List.of("build liba_1.0"), List.of(), List.of("liba_1.0"))),
                new Row("ignore-architecture", List.of("liba"), IGNORE_ARM, Set.of(), Set.of(), new Expected(1000, "COMPLETED",
                        null, null, List.of("build liba_1.0 ignoring [arm64, armhf]"), List.of("test liba_1.0"), List.of("liba_1.0"))),
                new Row("build dependencies given out of order", List.of("libb<-liba", "liba"), Overrides.NONE, Set.of(), Set.of(),
                        new Expected(1000, "COMPLETED", null, null, List.of("build liba_1.0", "build libb_1.0"),
                                List.of("test libb_1.0", "test liba_1.0"), List.of("libb_1.0", "liba_1.0"))),
                new Row("dependency wait on a failed build", List.of("libb<-liba", "liba"), IGNORE_BUILDS, Set.of("liba"), Set.of(),
                        new Expected(999, "FAILED", 200, "no upload built: libb_1.0: build DEPWAIT: Dependency wait: libb_1.0"
                                + " build-depends on liba_1.0, which did not build (FAILED); liba_1.0: build FAILED: dpkg-buildpackage failed",
                                List.of("build liba_1.0"), List.of(), null)));
    }

    static Stream<Arguments> table() {
        List<Arguments> out = new ArrayList<>();
        for (Row row : rows()) {
            for (Orchestrator o : Orchestrator.values()) {
                out.add(Arguments.of(row, o));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("table")
    void bothOrchestratorsLandEachScenarioAlike(Row row, Orchestrator orchestrator) throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            f.steps.failBuildOf.addAll(row.failBuild());
            f.steps.failTestOf.addAll(row.failTest());
            Scheduler.Claim claim = f.submit(row.overrides(), uploads(f, row.uploads()));
            Ticket done = land(f, claim, orchestrator);
            assertOutcome(f, done.getId(), row.expected());
        }
    }

    @ParameterizedTest(name = "cancel ({0})")
    @org.junit.jupiter.params.provider.EnumSource(Orchestrator.class)
    void aTicketCancelledDuringItsTestsIsReleasedAndPublishesNothing(Orchestrator orchestrator) throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            f.steps.testStarted = new CountDownLatch(1);
            f.steps.blockTests = new CountDownLatch(1);
            Scheduler.Claim claim = f.submit(Overrides.NONE, "liba");
            String id = claim.ticket().getId();
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread landing = new Thread(() -> {
                try {
                    land(f, claim, orchestrator);
                } catch (Throwable t) {
                    error.set(t);
                }
            });
            landing.start();
            f.steps.testStarted.await();
            // what the Ticket System's cancel does: the ticket is closed, its landing interrupted
            f.db.transaction(c -> Sql.update(c, "UPDATE ticket SET status = 'CANCELLED', current_workflow_step = 999,"
                    + " failed_step = current_workflow_step WHERE id = ?", Long.parseLong(id)));
            landing.interrupt();
            landing.join();
            assertThat(error.get()).isNull();
            Ticket t = f.stored(id);
            assertThat(t.getStatus().name()).isEqualTo("CANCELLED");
            assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
            assertThat(f.steps.callsOf("publish")).isEmpty();
            assertThat(f.steps.calls).last().isEqualTo("release ci-pool-001");
        }
    }

    @ParameterizedTest(name = "crash and resume ({0})")
    @org.junit.jupiter.params.provider.EnumSource(Orchestrator.class)
    void aLandingKilledDuringTheImageIsResumedWithoutRebuilding(Orchestrator orchestrator) throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Scheduler.Claim claim = f.submit(Overrides.NONE, "liba")) {
            // what a kill -9 during the image leaves: PPA and build done, image started, lock free
            Journal journal = f.engine.journal(claim.ticket().getId());
            journal.record(Actions.ALLOCATE_PPA, new Ppa("ci-pool-007"));
            journal.record("build-source/liba_1.0", new BuildResult("liba", "1.0", BuildResult.COMPLETED, null, List.of(), List.of()));
            assertThatThrownBy(() -> journal.run(Actions.BUILD_IMAGE, Void.class, resuming -> {
                throw new IllegalStateException("killed");
            })).hasMessage("killed");
        }
        try (EngineFixture f = new EngineFixture(dir)) {
            List<Scheduler.Claim> abandoned = f.engine.scheduler().adoptAbandoned(Set.of(Origin.CLI));
            assertThat(abandoned).hasSize(1);
            Ticket done = land(f, abandoned.get(0), orchestrator);
            assertThat(done.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
            assertThat(f.steps.calls).containsExactly("image [] (resuming)", "test liba_1.0", "publish [liba_1.0]", "release ci-pool-007");
        }
    }

    private static SourceUpload[] uploads(EngineFixture f, List<String> specs) throws Exception {
        List<SourceUpload> uploads = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split("<-");
            uploads.add(parts.length == 1 ? f.upload(parts[0]) : f.upload(parts[0], parts[1]));
        }
        return uploads.toArray(SourceUpload[]::new);
    }

    private static Ticket land(EngineFixture f, Scheduler.Claim claim, Orchestrator orchestrator) throws Exception {
        if (orchestrator == Orchestrator.LANDER) {
            return f.land(claim);
        }
        try (claim) {
            f.engine.scheduler().awaitTurn(claim.ticket(), message -> {});
            EnginePipeline.of(f, claim.ticket().getId()).run();
            return f.stored(claim.ticket().getId());
        }
    }

    private static void assertOutcome(EngineFixture f, String id, Expected e) throws Exception {
        Ticket t = f.stored(id);
        assertThat(t.getCurrentWorkflowStep().code()).as("step").isEqualTo(e.step());
        assertThat(t.getStatus().name()).as("status").isEqualTo(e.status());
        assertThat(t.getFailedStep() == null ? null : t.getFailedStep().code()).as("failed step").isEqualTo(e.failedStep());
        assertThat(t.getReason()).as("reason").isEqualTo(e.reason());
        assertThat(f.steps.callsOf("build")).as("builds").containsExactlyElementsOf(e.builds());
        assertThat(f.steps.callsOf("test")).as("tests").containsExactlyInAnyOrderElementsOf(e.tests());
        assertThat(f.steps.callsOf("publish")).as("published")
                .containsExactlyElementsOf(e.published() == null ? List.of() : List.of("publish " + e.published()));
        assertThat(f.steps.calls).as("the PPA is released last").last().asString().startsWith("release ");
        assertThat(f.engine.journal(id).isDone(Actions.RELEASE_PPA)).isTrue();
    }
}
