package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.lander.ticket.Overrides;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.InboundAgentExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while {@code lander step} builds on an agent: the step blocks a safe
 * restart, and after a hard one re-attaches to the process that kept running on the agent (its
 * durable task controller was saved with the step) instead of starting the build again.
 */
@Tag("debian")
class AgentRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @RegisterExtension
    private final InboundAgentExtension agents = new InboundAgentExtension();

    @TempDir
    Path uploads;

    @Test
    void aRestartWhileTheAgentBuildsReattachesToTheBuild() throws Throwable {
        String[] ticket = new String[1];
        sessions.then(r -> {
            r.jenkins.setNumExecutors(0);
            agents.createAgent(r, InboundAgentExtension.Options.newBuilder()
                    .name("builder")
                    .label("sbuild amd64")
                    .build());
            ticket[0] = TestTickets.submit(Overrides.NONE, ExampleUploads.dsc("pass", "1.0-1", uploads));
            WorkflowJob job = r.createProject(WorkflowJob.class, "land");
            job.setDefinition(new CpsFlowDefinition(AgentStepsTest.landing(ticket[0], "sbuild && amd64"), true));
            WorkflowRun b = job.scheduleBuild2(0).waitForStart();
            // The runner's log reaches the console only after the task's controller was saved.
            r.waitForMessage("[2/3] performing build-source/", b);
            List<StepExecution> running = b.getExecution().getCurrentExecutions(true).get();
            StepExecution building = running.stream()
                    .filter(e -> String.valueOf(e.getStatus()).contains("agent tasks [build-source/"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no step runs build-source on the agent: " + running));
            assertTrue(building.blocksRestart(), "a safe restart waits for the build");
        });
        sessions.then(r -> {
            agents.start(r, "builder");
            WorkflowRun b = r.jenkins.getItemByFullName("land", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("re-attaching to build-source/", b);
            r.assertLogNotContains("another lander step is performing this request", b);
            r.assertLogContains("tests passed: true", b);
        });
    }
}
