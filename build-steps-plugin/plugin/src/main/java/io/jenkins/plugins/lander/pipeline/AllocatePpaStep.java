package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def ppa = allocatePpa ticket: '42'}: reserves a clean PPA of the pool for the ticket,
 * waiting while all are taken, and makes this run its holder. Returns {@code [name:, aptLine:]}.
 * Prefer {@link WithPpaStep withPpa}, which waits without a thread and always releases; with this
 * step, call {@link ReleasePpaStep releasePpa} in a {@code finally}.
 */
public final class AllocatePpaStep extends TicketStep {

    @DataBoundConstructor
    public AllocatePpaStep(String ticket) {
        super(ticket);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket());
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String ticket) {
            super(context, ticket, "Reserve a PPA");
        }

        @Override
        protected boolean onAgent() {
            return false;
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            return reserve(steps, run, ticketId);
        }
    }

    /** Makes the run the ticket's holder, then reserves (or finds again) the ticket's PPA. */
    static Object reserve(PipelineSteps steps, Run<?, ?> run, String ticketId) throws Exception {
        String other = PpaHolders.get().claim(run, ticketId);
        if (other != null) {
            throw new AbortException("ticket " + ticketId + " is being landed by " + other);
        }
        return steps.allocatePpa(ticketId);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "allocatePpa";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Reserve a PPA from the Lander pool";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.RUN_CONTEXT;
        }
    }
}
