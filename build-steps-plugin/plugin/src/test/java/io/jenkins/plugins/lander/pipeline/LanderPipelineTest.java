package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.StringParameterValue;
import hudson.tasks.junit.CaseResult;
import hudson.tasks.junit.TestResultAction;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The real master pipeline, {@code pipelines/lander.groovy}, on Jenkins against the stub backend
 * (which runs no tool, so the built-in node serves as the agent label here).
 */
@WithJenkins
class LanderPipelineTest extends StubbedStepTest {
    private static final Path SCRIPT = Path.of("../../pipelines/lander.groovy");

    @TestExtension
    public static final class Backend extends StubBackend {}

    /** A ticket of hello and libfoo in the engine, and the parameters the bridge schedules it with. */
    private ParametersAction ticket(Overrides overrides) throws Exception {
        String id = TestTickets.submit(
                overrides,
                TestUploads.dsc(uploads.resolve("a"), "hello", "2.10-3"),
                TestUploads.dsc(uploads.resolve("b"), "libfoo", "1.2-1"));
        List<ParameterValue> values = List.of(
                new StringParameterValue("TICKET_ID", id),
                new StringParameterValue("TITLE", "hello and libfoo"),
                new StringParameterValue("AGENT_LABEL", "built-in"));
        return new ParametersAction(
                values, values.stream().map(ParameterValue::getName).toList());
    }

    private List<String> calls() {
        return stub.calls.stream().map(c -> c.split(" ")[0]).toList();
    }

    @Test
    void landsATicket(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(Overrides.NONE));

        r.assertBuildStatusSuccess(b);
        assertEquals(
                List.of(
                        "allocatePpa",
                        "buildSource",
                        "buildSource",
                        "buildImage",
                        "runAutopkgtest",
                        "runAutopkgtest",
                        "publish",
                        "releasePpa"),
                calls());
        assertTrue(
                stub.calls.contains("publish bookworm [hello_2.10-3, libfoo_1.2-1] resuming=false"),
                stub.calls::toString);
        r.assertLogContains("Publish to the archive", b);
        assertTrue(b.getDescription().endsWith(": hello and libfoo"), b.getDescription());
        String id = ((StringParameterValue) b.getAction(ParametersAction.class).getParameter("TICKET_ID")).getValue();
        assertEquals(4, LanderRunAction.of(b, id).getVerdicts().size(), "two verdicts of each upload on the run page");
    }

    @Test
    void failedTestsPublishNothingAndReleaseThePpa(JenkinsRule r) throws Exception {
        stub.testOutcome = TestOutcome.FAIL;
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(Overrides.NONE));

        r.assertBuildStatus(Result.FAILURE, b);
        assertTrue(calls().stream().noneMatch(c -> c.equals("publish")), stub.calls::toString);
        assertEquals("releasePpa", calls().get(calls().size() - 1));
    }

    @Test
    void forceBadtestPublishesAndMarksTheRunUnstable(JenkinsRule r) throws Exception {
        stub.testOutcome = TestOutcome.FAIL;
        Overrides badtest = new Overrides(Set.of(), Set.of(WorkflowStep.IMAGE_TESTING), false);
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(badtest));

        r.assertBuildStatus(Result.UNSTABLE, b);
        assertTrue(calls().contains("publish"), stub.calls::toString);
    }

    private static HttpResponse<String> get(JenkinsRule r, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.getURL() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A reverse dependency whose tests pass without the ticket's packages and fail with them: the
     * run fails at 400 and publishes nothing, the job page shows the regression table with the
     * regression marked and its log linked, and the junit step has read the triggered package's
     * JUnit file from the workspace.
     */
    @Test
    void aRegressionOfAReverseDependencyFailsTheRunAndShowsOnTheJobPageAndInTheTestReport(JenkinsRule r)
            throws Exception {
        stub.reverseDependencies.put("bb", new int[] {4, 0});
        stub.reverseDependencies.put("cc", new int[] {0, 0});
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(Overrides.NONE));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("triggered tests regressed: bb/1.0 (amd64) REGRESSION (triggered by hello_2.10-3", b);
        assertTrue(calls().stream().noneMatch(c -> c.equals("publish")), stub.calls::toString);
        String id = ((StringParameterValue) b.getAction(ParametersAction.class).getParameter("TICKET_ID")).getValue();
        LanderRunAction landing = LanderRunAction.of(b, id);
        assertEquals(
                Set.of("bb hello_2.10-3 REGRESSION blocking", "cc hello_2.10-3 PASS"),
                landing.getTriggered().stream()
                        .map(t -> t.getSource() + " " + t.getTrigger() + " " + t.getVerdict()
                                + (t.isBlocking() ? " blocking" : ""))
                        .collect(Collectors.toSet()));
        assertEquals(2, landing.getTriggeredDone());
        assertEquals(2, landing.getTriggeredTotal());

        TestResultAction report = b.getAction(TestResultAction.class);
        assertEquals(
                List.of("bb/1.0 amd64 triggered by hello_2.10-3"),
                report.getFailedTests().stream().map(CaseResult::getName).toList(),
                "the triggered package's JUnit file, read from autopkgtest/triggered/bb.xml");
        assertEquals(6, report.getTotalCount(), "two cases of each upload, one of each triggered package");
        assertTrue(r.jenkins
                .getWorkspaceFor(b.getParent())
                .child("autopkgtest/triggered/cc.xml")
                .exists());

        String page = get(r, b.getUrl() + "lander-" + id + "/").body();
        String log = "console/run-triggered-test_hello_2.10-3_bb_amd64.log";
        assertTrue(page.contains("lander-regression") && page.contains("(blocks publishing)"), page);
        assertTrue(page.contains("href=\"archive/" + log + "\""), page);
        assertTrue(page.contains("href=\"archive/triggered/bb/junit.xml\""), page);
        HttpResponse<String> served = get(r, b.getUrl() + "lander-" + id + "/archive/" + log);
        assertEquals(200, served.statusCode());
        assertTrue(served.body().contains("stub runTriggeredTest bb with hello_2.10-3"), served.body());
    }

    /** Tests that fail both with and without the ticket are ALWAYSFAIL: reported, the ticket still lands. */
    @Test
    void anAlwaysfailReverseDependencyIsShownAndDoesNotBlock(JenkinsRule r) throws Exception {
        stub.reverseDependencies.put("bb", new int[] {4, 4});
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(Overrides.NONE));

        r.assertBuildStatusSuccess(b);
        assertTrue(calls().contains("publish"), stub.calls::toString);
        String id = ((StringParameterValue) b.getAction(ParametersAction.class).getParameter("TICKET_ID")).getValue();
        assertEquals(
                List.of("bb ALWAYSFAIL"),
                LanderRunAction.of(b, id).getTriggered().stream()
                        .map(t -> t.getSource() + " " + t.getVerdict())
                        .toList());
    }
}
