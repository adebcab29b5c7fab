package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.LandingSteps;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code releasePpa ticket: '42'}: marks the ticket's PPA dirty, cleans it and returns it to the
 * pool. Call it in a {@code finally}. Does nothing when the run holds no PPA for the ticket;
 * {@link PpaLeakListener} releases a PPA that a run ended without releasing.
 */
public final class ReleasePpaStep extends TicketStep {

    @DataBoundConstructor
    public ReleasePpaStep(String ticket) {
        super(ticket);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getTicket());
    }

    static final class Execution extends LandingStepExecution<String> {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String ticket) {
            super(context, ticket, Landed.RELEASE, "Release the PPA", null);
        }

        @Override
        protected String perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            return PpaRelease.release(backend, journal, console);
        }

        @Override
        protected @NonNull Class<String> resultType() {
            return String.class;
        }

        @Override
        protected @NonNull Outcome finish(String released, @NonNull Finish finish) {
            String what = released == null ? "no PPA held" : released + " released";
            finish.listener().getLogger().println(what);
            return Outcome.ok(what, released);
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
            return "Return the ticket's PPA to the Lander pool";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
