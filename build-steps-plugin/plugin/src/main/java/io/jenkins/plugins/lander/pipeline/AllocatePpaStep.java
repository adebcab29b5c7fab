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
 * {@code def ppa = allocatePpa ticket: '42'}: waits, holding no thread, until the engine's conflict
 * rule and slots give the ticket its turn (as {@link WithPpaStep withPpa} does, in the same
 * {@link PpaQueue}), makes this run its holder and reserves a clean PPA of the pool for it.
 * Returns {@code [name:, aptLine:]}. Prefer {@code withPpa}, which always releases; with this
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

    static final class Execution extends LandingStepExecution implements PpaQueue.Waiter {
        private static final long serialVersionUID = 1L;
        /** Set (and saved) once the ticket's turn came: a restart then reserves instead of queueing again. */
        private volatile boolean granted;

        Execution(StepContext context, String ticket) {
            super(context, ticket, "Reserve a PPA");
        }

        @Override
        public boolean start() {
            PpaQueue.get().request(this);
            return false;
        }

        @Override
        public void onResume() {
            if (granted) {
                launch();
            } else {
                PpaQueue.get().request(this);
            }
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (!granted && PpaQueue.get().cancel(this)) {
                PpaQueue.cancelled(this, cause);
            } else {
                super.stop(cause);
            }
        }

        @Override
        public String getStatus() {
            return granted ? super.getStatus() : "waiting for the turn of ticket " + ticketId;
        }

        @Override
        public String ticket() {
            return ticketId;
        }

        @Override
        public void granted() {
            granted = true;
            getContext().saveState();
            launch();
        }

        @Override
        public void waiting(String why) {
            WithPpaStep.Execution.tellWaiting(getContext(), why);
        }

        @Override
        protected boolean onAgent() {
            return false;
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            return steps.allocatePpa(ticketId);
        }
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
