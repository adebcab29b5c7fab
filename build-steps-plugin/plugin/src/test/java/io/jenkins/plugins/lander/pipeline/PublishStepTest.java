package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PublishStepTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    @Test
    void publishesWhatThisRunBuilt(JenkinsRule r) throws Exception {
        Path hello = TestUploads.dsc(uploads.resolve("a"), "hello", "2.10-3");
        Path libfoo = TestUploads.dsc(uploads.resolve("b"), "libfoo", "1.2-1");
        WorkflowRun b = StepRuns.run(
                r,
                "allocatePpa ticket: '42'\n"
                        + "buildSource ticket: '42', upload: '" + hello + "'\n"
                        + "buildSource ticket: '42', upload: '" + libfoo + "'\n"
                        + "def published = publish ticket: '42'\n"
                        + "echo \"published=${published.packages}\"\n");

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("published=[hello_2.10-3_source, libfoo_1.2-1_source]", b);
        assertTrue(
                stub.calls.contains("publish bookworm [hello_2.10-3, libfoo_1.2-1] resuming=false"),
                stub.calls::toString);
    }

    @Test
    void publishesNothingWhenNothingBuilt(JenkinsRule r) throws Exception {
        stub.buildFails = true;
        Path hello = TestUploads.dsc(uploads, "hello", "2.10-3");
        WorkflowRun b = StepRuns.run(
                r,
                "allocatePpa ticket: '42'\n"
                        + "buildSource ticket: '42', upload: '" + hello + "', failOnError: false\n"
                        + "publish ticket: '42'\n");

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("nothing to publish: no upload was built for bookworm for ticket 42 in this run", b);
        assertTrue(stub.calls.stream().noneMatch(c -> c.startsWith("publish")));
    }
}
