package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while an action runs, against the stub backend: the running step blocks a
 * safe restart; after the restart it calls the engine again, which resumes the started action
 * ({@code resuming=true}) and returns the finished ones from the ticket's journal, so nothing done
 * is done twice. (The re-attach to a process on an agent is {@link AgentRestartTest}.)
 */
class ControllerRestartTest extends StubbedStepTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TestExtension
    public static final class Backend extends StubBackend {}

    @Test
    void aStepInterruptedByARestartResumesItsActionAndRedoesNothingFinished() throws Throwable {
        String[] ticket = new String[1];
        sessions.then(r -> {
            ticket[0] = TestTickets.hello(uploads);
            stub.holdFirst = "buildImage";
            WorkflowJob job = r.createProject(WorkflowJob.class, "land");
            job.setDefinition(new CpsFlowDefinition(
                    "allocatePpa ticket: '" + ticket[0] + "'\n"
                            + "node { buildSource ticket: '" + ticket[0] + "'; buildImage ticket: '" + ticket[0] + "' }\n"
                            + "releasePpa ticket: '" + ticket[0] + "'",
                    true));
            WorkflowRun b = job.scheduleBuild2(0).waitForStart();
            assertTrue(stub.awaitEntered());
            List<StepExecution> running = b.getExecution().getCurrentExecutions(true).get();
            assertTrue(running.stream().anyMatch(StepExecution::blocksRestart), "a safe restart waits for buildImage");
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("land", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            stub.gate.countDown(); // the first session's attempt, still parked in the stub, may end now
            assertEquals(1, stub.calls.stream().filter(c -> c.startsWith("buildSource ")).count(), stub.calls::toString);
            assertTrue(stub.calls.stream().anyMatch(c -> c.startsWith("buildImage ") && c.endsWith("resuming=true")),
                    stub.calls::toString);
        });
    }
}
