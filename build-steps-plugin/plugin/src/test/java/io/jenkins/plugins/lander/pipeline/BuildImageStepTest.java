package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class BuildImageStepTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    @Test
    void buildsTheImageWithThePackages(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, """
                allocatePpa ticket: '42'
                def image = buildImage ticket: '42', packages: ' hello  libhello1 '
                echo "image=${image.reference} reused=${image.reused}"
                """);

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("image=/var/cache/lander/bookworm-ci-pool-001.tar reused=false", b);
        assertTrue(stub.calls.contains("buildImage bookworm [hello, libhello1] resuming=false"), stub.calls::toString);
    }

    @Test
    void refusesASeriesThatIsNotConfigured(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, """
                allocatePpa ticket: '42'
                buildImage ticket: '42', series: 'sid'
                """);

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("series 'sid' is not configured; this Jenkins lands on [bookworm]", b);
        assertTrue(stub.calls.stream().noneMatch(c -> c.startsWith("buildImage")));
    }
}
