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
 * {@code releasePpa ticket: '42', error: failure}: gives the ticket's PPA back to the pool and
 * closes the ticket with its verdict ({@code error} is why the run stopped, if it did). Released by
 * ticket: a run can release only the PPA it holds, never one another run's ticket holds. The
 * steps waiting for their ticket's turn ({@code withPpa}, {@code allocatePpa}) ask again. Returns
 * {@code [step:, status:, failedStep:, reason:]}.
 */
public final class ReleasePpaStep extends TicketStep {
    private String error;

    @DataBoundConstructor
    public ReleasePpaStep(String ticket) {
        super(ticket);
    }

    public String getError() {
        return error;
    }

    @DataBoundSetter
    public void setError(String error) {
        this.error = Util.fixEmptyAndTrim(error);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket(), error);
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;
        private final String error;

        Execution(StepContext context, String ticket, String error) {
            super(context, ticket, "Release the PPA");
            this.error = error;
        }

        @Override
        protected boolean onAgent() {
            return false;
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            return PpaQueue.release(steps, run, ticketId, error);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "releasePpa";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Return the ticket's PPA to the Lander pool and close the ticket";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.RUN_CONTEXT;
        }
    }
}
