package io.jenkins.plugins.lander.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.landing.EngineFixture;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.pipelines.PipelineHarness.Call;
import io.jenkins.plugins.lander.pipelines.PipelineHarness.Outcome;
import io.jenkins.plugins.lander.pipelines.PipelineHarness.PipelineError;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code pipelines/lander.groovy} itself does around the engine's steps: its parameters,
 * stages, the workspace's test results, the PPA released whatever happens. What the landing does
 * (order, policy, overrides) is {@link ConformanceTest}'s.
 */
class LanderPipelineTest {
    private static final List<String> LANDING_STEPS =
            List.of("allocatePpa", "buildSource", "buildImage", "runAutopkgtest", "publish", "releasePpa");
    @TempDir
    Path dir;
    private EngineFixture engine;
    private String ticket;

    @BeforeEach
    void setUp() throws Exception {
        engine = new EngineFixture(dir);
        try (Scheduler.Claim claim = engine.submit(Overrides.NONE, "hello", "libfoo")) {
            ticket = claim.ticket().getId();
        }
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static List<Call> calls(Outcome outcome, String step) {
        return outcome.calls().stream().filter(c -> c.step().equals(step)).toList();
    }

    @Test
    void landsATicketStageByStage() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, ticket).run();

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result()).isEqualTo("SUCCESS");
        assertThat(outcome.calls().stream().map(Call::step).filter(LANDING_STEPS::contains)).containsExactlyElementsOf(LANDING_STEPS);
        assertThat(calls(outcome, "stage").stream().map(Call::first)).containsExactly("Reserve a PPA",
                "Build source packages", "Build the test image", "Run autopkgtest", "Publish to the archive",
                "Release the PPA");
        for (String step : LANDING_STEPS) {
            assertThat(calls(outcome, step)).allSatisfy(c -> assertThat(c.arg("ticket")).isEqualTo(ticket));
        }
        assertThat(String.valueOf(outcome.currentBuild().get("description"))).isEqualTo("Ticket " + ticket + ": a ticket");
        assertThat(engine.stored(ticket).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
    }

    @Test
    void waitsForThePpaAndReleasesItHoldingNoAgent() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, ticket).param("AGENT_LABEL", "sbuild && arm64").run();

        List<String> order = outcome.calls().stream().map(Call::step).toList();
        assertThat(order).containsSubsequence("allocatePpa", "node", "buildSource", "publish", "releasePpa");
        assertThat(order.lastIndexOf("releasePpa")).isGreaterThan(order.lastIndexOf("archiveArtifacts"));
        assertThat(calls(outcome, "node")).singleElement().satisfies(c -> assertThat(c.first()).isEqualTo("sbuild && arm64"));
    }

    @Test
    void publishesTestResultsAndCleansOldOnesFirst() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, ticket).run();

        List<String> order = outcome.calls().stream().map(Call::step).toList();
        assertThat(order.indexOf("deleteDir")).isLessThan(order.indexOf("buildSource"));
        assertThat(calls(outcome, "dir").get(0).first()).isEqualTo("autopkgtest");
        assertThat(calls(outcome, "junit")).singleElement()
                .satisfies(c -> assertThat(c.arg("testResults")).isEqualTo("autopkgtest/**/*.xml"));
        assertThat(order.indexOf("junit")).isBetween(order.lastIndexOf("runAutopkgtest"), order.indexOf("publish"));
        assertThat(order.indexOf("archiveArtifacts")).isBetween(order.lastIndexOf("publish"), order.indexOf("releasePpa"));
    }

    @Test
    void takesTheTicketAndWhereToBuildAsParameters() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, ticket).run();

        List<String> names = calls(outcome, "parameters").get(0).args().stream()
                .flatMap(list -> ((List<?>) list).stream())
                .map(definition -> ((Map<?, ?>) definition).get("name").toString())
                .toList();
        // everything else (uploads, series, overrides) is the ticket's, in the engine; the label is the farm's
        assertThat(names).containsExactly("TICKET_ID", "TITLE", "AGENT_LABEL");
    }

    @Test
    void aFailingStepStillReleasesThePpaArchivesAndSavesWhyItStopped() throws Exception {
        engine.steps.imageError = new IllegalStateException("mmdebstrap exited 1");
        Outcome outcome = EnginePipeline.of(engine, ticket).run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        List<String> order = outcome.calls().stream().map(Call::step).toList();
        assertThat(order).containsSubsequence("buildImage", "archiveArtifacts", "releasePpa");
        assertThat(calls(outcome, "releasePpa").get(0).arg("error")).contains("mmdebstrap exited 1");
        assertThat(engine.steps.calls).last().isEqualTo("release ci-pool-001");
        assertThat(engine.stored(ticket).getFailedStep()).isEqualTo(WorkflowStep.IMAGE_BUILDING);
        assertThat(engine.stored(ticket).getReason()).contains("mmdebstrap exited 1");
    }

    @Test
    void anIgnoredFailureMarksTheRunUnstable() throws Exception {
        String flaky;
        // taken in as the bridge does: the intake's lock is given back before the run lands the ticket
        try (Scheduler.Claim claim = engine.submit(new Overrides(Set.of(), Set.of(WorkflowStep.IMAGE_TESTING), false), "flaky")) {
            flaky = claim.ticket().getId();
        }
        engine.steps.failTestOf.add("flaky");
        Outcome outcome = EnginePipeline.of(engine, flaky).run();
        assertThat(outcome.result()).isEqualTo("UNSTABLE");
        assertThat(calls(outcome, "unstable").get(0).first()).contains("force-badtest");
        assertThat(engine.stored(flaky).getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
    }

    @Test
    void refusesARunWithoutTicketBeforeTouchingAnything() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, " ").run();

        assertThat(outcome.failure()).isInstanceOf(PipelineError.class).hasMessageContaining("TICKET_ID is empty");
        assertThat(outcome.calls().stream().map(Call::step)).doesNotContainAnyElementsOf(LANDING_STEPS);
    }

    @Test
    void anUnknownTicketFailsTheRun() throws Exception {
        Outcome outcome = EnginePipeline.of(engine, "999").run();
        assertThat(outcome.failure()).isInstanceOf(PipelineError.class).hasMessageContaining("no ticket 999 in this Lander");
    }

    @Test
    void harnessRejectsAStepThatDoesNotExist() throws Exception {
        Outcome outcome = new PipelineHarness(EnginePipeline.SCRIPT).param("TICKET_ID", "42")
                .step("releasePpa", args -> Map.of("step", 999, "status", "FAILED"))
                .run();

        // No step for allocatePpa: the harness must fail like Jenkins would on an unknown step.
        assertThat(outcome.failure()).isInstanceOf(groovy.lang.MissingMethodException.class)
                .hasMessageContaining("allocatePpa");
    }
}
