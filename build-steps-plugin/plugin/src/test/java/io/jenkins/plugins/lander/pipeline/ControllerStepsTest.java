package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps' controller side against the stub backend: withPpa, the PPA held by ticket, which
 * runs may land, and the engine a reconfiguration replaces. (The agent side is {@link AgentStepsTest}.)
 */
@WithJenkins
class ControllerStepsTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    private static WorkflowRun start(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).waitForStart();
    }

    /** The configuration's "Require tests" is the engine's policy, as --require-tests is the CLI's. */
    @Test
    void requireTestsOfTheConfigurationIsTheEnginesSetting(JenkinsRule r) throws Exception {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertFalse(lease.engine().settings().requireTests());
        }
        LanderConfiguration.get().setRequireTests(true);
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertTrue(lease.engine().settings().requireTests());
        }
    }

    @Test
    void withPpaReleasesThePpaAndClosesTheTicketWhenTheBodyFails(JenkinsRule r) throws Exception {
        String t = TestTickets.hello(uploads);

        WorkflowRun b = r.waitForCompletion(start(r, "land",
                "withPpa(ticket: '" + t + "') { echo \"in ${env.LANDER_PPA}\"; error 'the body broke' }"));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("in ci-pool-001", b);
        r.assertLogContains("the body broke", b);
        assertEquals(List.of("allocatePpa", "releasePpa"), stub.calls.stream().map(c -> c.split(" ")[0]).toList());
        assertNull(PpaHolders.get().holder(t), "the run no longer holds the ticket");
    }

    @Test
    void aWithPpaThatWaitsForThePoolHoldsNoThreadAndStartsOnRelease(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setPoolSize(1);
        String first = TestTickets.hello(uploads.resolve("1"));
        String second = TestTickets.hello(uploads.resolve("2"));
        stub.holdFirst = "buildSource";

        WorkflowRun a = start(r, "a", "withPpa(ticket: '" + first + "') { node { buildSource ticket: '" + first + "' } }");
        assertTrue(stub.awaitEntered());
        WorkflowRun b = start(r, "b", "withPpa(ticket: '" + second + "') { echo 'second in' }");
        r.waitForMessage("waits for a PPA of the pool", b);
        List<StepExecution> waiting = b.getExecution().getCurrentExecutions(true).get();
        assertEquals(1, waiting.size());
        assertEquals("waiting for a PPA for ticket " + second, waiting.get(0).getStatus());
        assertEquals(1, stub.calls.stream().filter(c -> c.startsWith("allocatePpa")).count(), stub.calls::toString);

        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(a));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("second in", b);
    }

    @Test
    void aJobOffTheAllowListCannotLand(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setAllowedJobs("landing/");
        String t = TestTickets.hello(uploads);

        WorkflowRun b = r.waitForCompletion(start(r, "intruder", "allocatePpa ticket: '" + t + "'"));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("allocatePpa: job intruder is not allowed to land", b);
        assertTrue(stub.calls.isEmpty(), stub.calls::toString);
    }

    @Test
    void aRunCannotReleaseOrBuildInThePpaAnotherRunsTicketHolds(JenkinsRule r) throws Exception {
        String t = TestTickets.hello(uploads);
        stub.holdFirst = "buildSource";
        WorkflowRun holder = start(r, "holder",
                "allocatePpa ticket: '" + t + "'\nnode { buildSource ticket: '" + t + "' }\nreleasePpa ticket: '" + t + "'");
        assertTrue(stub.awaitEntered());

        WorkflowRun thief = r.waitForCompletion(start(r, "thief",
                "try { releasePpa ticket: '" + t + "' } finally { node { publish ticket: '" + t + "' } }"));

        r.assertBuildStatus(Result.FAILURE, thief);
        r.assertLogContains("'s PPA is held by holder#1, not by this run", thief);
        assertTrue(stub.calls.stream().noneMatch(c -> c.startsWith("releasePpa") || c.startsWith("publish")),
                stub.calls::toString);
        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(holder));
        assertTrue(stub.awaitReleased());
    }

    @Test
    void savingTheConfigurationClosesTheEngineItReplacesOnceItsStepsAreDone(JenkinsRule r) throws Exception {
        int closed = StubBackend.CLOSED.get();
        ControllerEngine.Lease running = ControllerEngine.lease();

        LanderConfiguration.get().setPoolSize(3);
        try (ControllerEngine.Lease next = ControllerEngine.lease()) {
            assertTrue(next.engine() != running.engine(), "a new engine for the new settings");
        }
        assertEquals(closed, StubBackend.CLOSED.get(), "the old engine still serves a running step");
        running.close();

        assertEquals(closed + 1, StubBackend.CLOSED.get(), "closed (pool backend, HTTP server) with its last step");
    }
}
