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
 * {@code def published = publish ticket: '42'} inside {@code node(label)}: publishes what the
 * engine's policy lets through from the ticket's PPA to the series' archive. Returns
 * {@code [packages: [...]]}.
 */
public final class PublishStep extends TicketStep {

    @DataBoundConstructor
    public PublishStep(String ticket) {
        super(ticket);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket());
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String ticket) {
            super(context, ticket, "Publish to the archive");
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            requireHolder(run);
            return steps.publish(ticketId);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "publish";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Publish the ticket's packages to the archive";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.NODE_CONTEXT;
        }
    }
}
