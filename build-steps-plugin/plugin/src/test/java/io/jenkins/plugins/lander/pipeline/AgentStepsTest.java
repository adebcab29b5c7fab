package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.FilePath;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.lander.ticket.Overrides;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A whole landing whose Debian work runs on an agent, with the real backend: the steps put the
 * agent runner on the agent the label picks and run {@code lander step} there as a durable task;
 * the controller keeps the pool and the archive. Needs sbuild, mmdebstrap, autopkgtest and aptly.
 */
@Tag("debian")
@WithJenkins
class AgentStepsTest {
    @TempDir
    Path uploads;

    static String landing(String ticket, String label) {
        return "withPpa(ticket: '" + ticket + "') {\n"
                + "  node('" + label + "') {\n"
                + "    def built = buildSource ticket: '" + ticket + "'\n"
                + "    echo \"built on ${env.NODE_NAME}: ${built.builds[0].state}\"\n"
                + "    buildImage ticket: '" + ticket + "'\n"
                + "    def tested = runAutopkgtest ticket: '" + ticket + "'\n"
                + "    echo \"tests passed: ${tested.passed}\"\n"
                + "    publish ticket: '" + ticket + "'\n"
                + "  }\n"
                + "}\n";
    }

    @Test
    void landsOnTheAgentTheLabelPicks(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0); // nothing may run on the controller
        DumbSlave other = r.createOnlineSlave();
        other.setLabelString("sbuild arm64");
        DumbSlave agent = r.createOnlineSlave();
        agent.setLabelString("sbuild amd64");
        String ticket = TestTickets.submit(Overrides.NONE, ExampleUploads.dsc("pass", "1.0-1", uploads));
        WorkflowJob job = r.createProject(WorkflowJob.class, "land");
        job.setDefinition(new CpsFlowDefinition(landing(ticket, "sbuild && amd64"), true));

        WorkflowRun b = r.buildAndAssertSuccess(job);

        r.assertLogContains("copying the agent runner", b);
        r.assertLogContains("built on " + agent.getNodeName() + ": COMPLETED", b);
        r.assertLogContains("tests passed: true", b);
        FilePath tools = agent.getRootPath().child("tools").child("lander");
        assertEquals(1, tools.list("lander-*.jar").length, "the runner is on the agent once");
        assertEquals(0, other.getRootPath().child("tools").list().size(), "the other agent built nothing");
    }
}
