package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleasePpaStepTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    @Test
    void returnsThePpaToThePool(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, """
                allocatePpa ticket: '42'
                def name = releasePpa(ticket: '42')
                echo "released=${name}"
                """);

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("released=ci-pool-001", b);
        assertEquals(
                1, stub.calls.stream().filter(c -> c.startsWith("releasePpa")).count());
    }

    @Test
    void isANoOpWithoutAPpa(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, "releasePpa ticket: '42'");

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("no PPA held", b);
        assertTrue(stub.calls.isEmpty());
    }
}
