package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def image = buildImage ticket: '42'} inside {@code node(label)}: builds (or reuses) the
 * test image of the ticket's series with its PPA as an apt source, on this agent. Returns
 * {@code [reference:, series:, reused:, files:]}.
 */
public final class BuildImageStep extends TicketStep {

    @DataBoundConstructor
    public BuildImageStep(String ticket) {
        super(ticket);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket());
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String ticket) {
            super(context, ticket, "Build the test image");
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            requireHolder(run);
            return steps.buildImage(ticketId);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "buildImage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build the ticket's autopkgtest image, on this agent";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.NODE_CONTEXT;
        }
    }
}
