package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def built = buildSource ticket: '42'} inside {@code node(label)}: builds every upload of
 * the ticket into its PPA, in build-dependency order, on this agent (sbuild through the agent
 * runner), and fails the run when the engine's policy stops the landing. Returns
 * {@code [builds: [[source:, version:, state:, succeeded:, reason:, binaries:, files:]]]}; with
 * {@code upload: 'hello_2.10-3'} builds that upload only and returns its build.
 */
public final class BuildSourceStep extends TicketStep {
    private String upload;

    @DataBoundConstructor
    public BuildSourceStep(String ticket) {
        super(ticket);
    }

    public String getUpload() {
        return upload;
    }

    /** One upload of the ticket, by its subticket key ({@code hello_2.10-3}). */
    @DataBoundSetter
    public void setUpload(String upload) {
        this.upload = Util.fixEmptyAndTrim(upload);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket(), upload);
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;
        private final String upload;

        Execution(StepContext context, String ticket, String upload) {
            super(context, ticket, upload == null ? "Build source packages" : "Build " + upload);
            this.upload = upload;
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            requireHolder(run);
            return steps.buildSource(ticketId, upload);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "buildSource";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build the ticket's source uploads into its PPA, on this agent";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.NODE_CONTEXT;
        }
    }
}
