package io.jenkins.plugins.lander.pipeline;

import hudson.model.Action;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** Runs a sandboxed Pipeline script to completion, for the step tests. */
final class StepRuns {
    private StepRuns() {}

    static WorkflowRun run(JenkinsRule r, String script, Action... actions) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.waitForCompletion(job.scheduleBuild2(0, actions).waitForStart());
    }

    /** The names archived in the ticket's data store container. */
    static List<String> stored(String ticketId) throws Exception {
        return LanderConfiguration.get().dataStore().list("ticket." + ticketId);
    }
}
