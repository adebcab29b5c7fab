package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredVerdict;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's part of triggered tests (which run, in which order, how they gate publishing, what
 * the ticket shows) over {@link RecordingSteps}; the real autopkgtest runs are in
 * build-steps-core's and the CLI's tests.
 */
class TriggeredTestsLandingTest {
    @TempDir
    Path dir;

    private EngineFixture f;
    private RecordingSteps steps;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new EngineFixture(dir);
        steps = f.steps;
        steps.indexes.add(RecordingSteps.archiveOf("liba", "bb", "cc"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Ticket land(String version, Overrides overrides, String... hints) throws Exception {
        Ticket draft = f.draft(overrides);
        draft.setHints(List.of(hints));
        Scheduler.Claim claim = f.engine.intake().submit(draft, List.of(f.version("liba", version)));
        return f.land(claim, new LandingListener() {
            @Override
            public synchronized void progress(Ticket ticket, WorkflowStep step, int current, int total, String message) {
                if (message.equals("triggered tests")) {
                    progress.add(current + "/" + total);
                }
            }
        });
    }

    private static List<String> rows(Ticket t) {
        return t.getTriggeredTests().results().stream().map(r -> r.source() + " " + r.verdict().label()).toList();
    }

    @Test
    void aRegressionFailsTheTicketAt400AndNothingIsPublished() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        Ticket t = land("1.1", Overrides.NONE);

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
        assertThat(t.getReason()).startsWith("triggered tests regressed: bb/1.0 (amd64) REGRESSION (triggered by liba_1.1")
                .contains("smoke FAIL non-zero exit status 1").doesNotContain("cc/");
        assertThat(steps.callsOf("publish")).isEmpty();
        assertThat(rows(f.stored(t.getId()))).containsExactly("bb REGRESSION", "cc PASS");
        assertThat(steps.callsOf("triggered")).containsExactlyInAnyOrder("triggered bb with liba_1.1", "triggered bb without",
                "triggered cc with liba_1.1");
        assertThat(progress).contains("0/2", "2/2");
        String json = Json.MAPPER.writeValueAsString(f.stored(t.getId()));
        assertThat(json).contains("\"triggered_tests\":{\"total\":2,\"done\":2,\"results\":[{\"source\":\"bb\",\"version\":\"1.0\","
                + "\"architecture\":\"amd64\",\"trigger\":\"liba_1.1\",\"origin\":\"archive\",\"verdict\":\"REGRESSION\","
                + "\"exit_code\":4,\"baseline_exit_code\":0");
    }

    @Test
    void forceBadtestOfTheRegressedPackageLetsItLandAsIgnoreFailWithoutABaseline() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        Ticket t = land("1.1", Overrides.NONE, "force-badtest bb/1.0");

        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.callsOf("publish")).hasSize(1);
        assertThat(rows(t)).containsExactly("bb IGNORE-FAIL", "cc PASS");
        assertThat(steps.callsOf("triggered")).doesNotContain("triggered bb without");
        assertThat(f.stored(t.getId()).getHints()).containsExactly("force-badtest bb/1.0");
    }

    @Test
    void aBadtestHintOfAnOlderVersionDoesNotCoverTheTestedOne() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        assertThat(land("1.1", Overrides.NONE, "force-badtest bb/0.9").getStatus()).isEqualTo(TicketStatus.FAILED);
    }

    @Test
    void forceSkiptestOfTheUploadIgnoresEveryTriggeredResult() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        steps.triggeredExit.put("cc", new int[] {12, 0});
        Ticket t = land("1.1", Overrides.NONE, "force-skiptest liba/1.1");
        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(rows(t)).containsExactly("bb IGNORE-FAIL", "cc IGNORE-FAIL");
    }

    @Test
    void aPackageFailingWithAndWithoutIsAlwaysfailAndItsBaselineIsCachedAcrossTickets() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 4});
        Ticket first = land("1.1", Overrides.NONE);
        assertThat(first.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(rows(first)).containsExactly("bb ALWAYSFAIL", "cc PASS");

        Ticket second = land("1.2", Overrides.NONE);
        assertThat(rows(second)).containsExactly("bb ALWAYSFAIL", "cc PASS");
        assertThat(steps.callsOf("triggered")).filteredOn(c -> c.equals("triggered bb without"))
                .as("one baseline per package, version and testbed").hasSize(1);
        assertThat(f.engine.baselines().files()).hasSize(1);
    }

    @Test
    void exit8IsNeutralAndTestsPastTheCapAreListedNotRun() throws Exception {
        f.close();
        f = new EngineFixture(dir.resolve("capped"), new RecordingSteps(),
                new EngineSettings(4, 1, Duration.ofMinutes(1)).withTriggeredTestsCap(2));
        steps = f.steps;
        steps.indexes.add(RecordingSteps.archiveOf("liba", "bb", "cc", "dd"));
        steps.triggeredExit.put("bb", new int[] {8, 0});
        Ticket t = land("1.1", Overrides.NONE);
        assertThat(rows(t)).containsExactly("bb NEUTRAL", "cc PASS", "dd NOT-RUN");
        assertThat(t.getTriggeredTests().total()).isEqualTo(2);
        assertThat(t.getTriggeredTests().results().get(2).detail()).isEqualTo("past the cap of 2 triggered tests");
        assertThat(steps.callsOf("triggered")).noneMatch(c -> c.startsWith("triggered dd"));
        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
    }

    @Test
    void eachTriggeredPackageHasItsJunitFileWithTheVerdictInTheCase() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        Ticket t = land("1.1", Overrides.NONE);
        List<String> names = f.stored(t.getId()).getArtifacts().stream().map(Artifact::name).toList();
        assertThat(names).contains("triggered/bb/junit.xml", "triggered/cc/junit.xml",
                "console/run-triggered-test_liba_1.1_bb_amd64.log", "console/find-triggered-tests.log");
        Path junit = dir.resolve("store").resolve(t.container()).resolve("triggered/bb/junit.xml");
        String xml = Files.readString(junit, StandardCharsets.UTF_8);
        assertThat(xml).contains("<testsuite name=\"triggered/bb\" tests=\"1\" failures=\"1\"")
                .contains("<property name=\"verdict\" value=\"REGRESSION\"")
                .contains("<failure message=\"REGRESSION: autopkgtest FAIL (exit 4)");
    }

    @Test
    void theTicketsOwnSkipTestsRunsNoTriggeredTests() throws Exception {
        Ticket t = land("1.1", new Overrides(Set.of(), Set.of(), true));
        assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
        assertThat(steps.callsOf("triggered")).isEmpty();
        assertThat(t.getTriggeredTests()).isNull();
    }

    @Test
    void verdictsRoundTripThroughTheJournalJson() throws Exception {
        TriggeredResult r = new TriggeredResult("bb", "1.0", "amd64", "liba_1.1", "archive", TriggeredVerdict.IGNORE_FAIL,
                4, null, "x\u0001y");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(r), TriggeredResult.class)).isEqualTo(r);
    }

    /** The ticket {@code liba 1.1} taken in with no hints, its PPA reserved, built and imaged through the Pipeline steps. */
    private String builtThroughTheSteps(PipelineSteps pipeline) throws Exception {
        String id;
        try (Scheduler.Claim claim = f.engine.intake().submit(f.draft(Overrides.NONE), List.of(f.version("liba", "1.1")))) {
            id = claim.ticket().getId();
        }
        pipeline.allocatePpa(id);
        pipeline.buildSource(id, null);
        pipeline.buildImage(id);
        return id;
    }

    @Test
    void theTestStepsHintsAreAddedToTheTicketBeforeItsTriggeredTestsRun() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        PipelineSteps pipeline = new PipelineSteps(f.engine, new LandingListener() {});
        String id = builtThroughTheSteps(pipeline);

        java.util.Map<String, Object> tested = pipeline.runAutopkgtest(id, null, List.of("force-badtest bb/1.0"));

        assertThat(f.stored(id).getHints()).containsExactly("force-badtest bb/1.0");
        assertThat(rows(f.stored(id))).containsExactly("bb IGNORE-FAIL", "cc PASS");
        assertThat(tested.get("triggered").toString()).contains("verdict=IGNORE-FAIL");
        // resumed after a restart, the step gives the same hints again: nothing changes, nothing reruns
        pipeline.runAutopkgtest(id, null, List.of("force-badtest bb/1.0"));
        assertThat(steps.callsOf("triggered")).hasSize(2);
        pipeline.publish(id);
        assertThat(pipeline.releasePpa(id, null)).containsEntry("step", WorkflowStep.COMPLETE.code());
    }

    @Test
    void aBadHintFailsTheTestStepNamingItAndNothingRunsOrChanges() throws Exception {
        PipelineSteps pipeline = new PipelineSteps(f.engine, new LandingListener() {});
        String id = builtThroughTheSteps(pipeline);

        assertThatThrownBy(() -> pipeline.runAutopkgtest(id, null, List.of("force-badtest bb/1.0", "force-hint bb/1.0")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("hints: hint 'force-hint bb/1.0': unknown hint 'force-hint' (only force-badtest"
                        + " SRC/VERSION[/ARCH] and force-skiptest SRC/VERSION are known)");
        assertThat(steps.callsOf("test")).isEmpty();
        assertThat(steps.callsOf("triggered")).isEmpty();
        assertThat(f.stored(id).getHints()).isEmpty();
    }

    @Test
    void aNewHintAfterTheTriggeredTestsStartedIsRefusedAndTheirVerdictsStand() throws Exception {
        steps.triggeredExit.put("bb", new int[] {4, 0});
        PipelineSteps pipeline = new PipelineSteps(f.engine, new LandingListener() {});
        String id = builtThroughTheSteps(pipeline);
        assertThatThrownBy(() -> pipeline.runAutopkgtest(id, null, List.of()))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("REGRESSION");

        assertThatThrownBy(() -> pipeline.runAutopkgtest(id, null, List.of("force-badtest bb/1.0")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("ticket " + id + ": hints [force-badtest bb/1.0] come after its triggered tests started;"
                        + " give them before runAutopkgtest runs them");
        assertThat(f.stored(id).getHints()).isEmpty();
        assertThat(rows(f.stored(id))).containsExactly("bb REGRESSION", "cc PASS");
    }
}
