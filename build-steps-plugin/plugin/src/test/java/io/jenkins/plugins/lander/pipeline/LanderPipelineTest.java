package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.BooleanParameterValue;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.StringParameterValue;
import hudson.model.TextParameterValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The real master pipeline, {@code pipelines/lander.groovy}, on Jenkins against the stub backend. */
@WithJenkins
class LanderPipelineTest extends StubbedStepTest {
    private static final Path SCRIPT = Path.of("../../pipelines/lander.groovy");

    @TestExtension
    public static final class Backend extends StubBackend {}

    /** The parameters as the ticket bridge sends them (marked safe: the first run defines them). */
    private ParametersAction ticket(String ignoreFailures) throws Exception {
        Path hello = TestUploads.dsc(uploads.resolve("a"), "hello", "2.10-3");
        Path libfoo = TestUploads.dsc(uploads.resolve("b"), "libfoo", "1.2-1");
        List<ParameterValue> values = List.of(
                new StringParameterValue("TICKET_ID", "42"),
                new StringParameterValue("TITLE", "hello and libfoo"),
                new StringParameterValue("SERIES", "bookworm"),
                new TextParameterValue("SOURCE_PACKAGES", hello.toUri() + "\n" + libfoo),
                new StringParameterValue("BINARY_PACKAGES", "hello"),
                new StringParameterValue("IGNORE_ARCHITECTURES", ""),
                new StringParameterValue("IGNORE_FAILURES", ignoreFailures),
                new BooleanParameterValue("SKIP_TESTS", false));
        return new ParametersAction(
                values, values.stream().map(ParameterValue::getName).toList());
    }

    @Test
    void landsATicket(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(""));

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
                stub.calls.stream().map(c -> c.split(" ")[0]).toList());
        assertTrue(
                stub.calls.contains("publish bookworm [hello_2.10-3, libfoo_1.2-1] resuming=false"),
                stub.calls::toString);
        r.assertLogContains("Publish to the archive", b);
        assertEquals("Ticket 42: hello and libfoo", b.getDescription());
    }

    @Test
    void failedTestsPublishNothingAndReleaseThePpa(JenkinsRule r) throws Exception {
        stub.testOutcome = io.jenkins.plugins.lander.landing.TestOutcome.FAIL;
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket(""));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("autopkgtest failed: hello 2.10-3 FAIL, libfoo 1.2-1 FAIL", b);
        assertTrue(stub.calls.stream().noneMatch(c -> c.startsWith("publish")), stub.calls::toString);
        assertTrue(stub.calls.get(stub.calls.size() - 1).startsWith("releasePpa"));
    }

    @Test
    void forceBadtestPublishesAndMarksTheRunUnstable(JenkinsRule r) throws Exception {
        stub.testOutcome = io.jenkins.plugins.lander.landing.TestOutcome.FAIL;
        WorkflowRun b = StepRuns.run(r, Files.readString(SCRIPT), ticket("400"));

        r.assertBuildStatus(Result.UNSTABLE, b);
        assertTrue(stub.calls.stream().anyMatch(c -> c.startsWith("publish")), stub.calls::toString);
    }
}
