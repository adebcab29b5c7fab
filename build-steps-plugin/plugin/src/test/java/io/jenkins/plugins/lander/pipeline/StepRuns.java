package io.jenkins.plugins.lander.pipeline;

import hudson.model.Action;
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
}
