package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def ppa = allocatePpa ticket: '42'}: reserves a clean PPA of the pool for the ticket,
 * waiting while all are taken. Returns {@code [name:, aptLine:, url:]}. Release it with
 * {@link ReleasePpaStep releasePpa} in a {@code finally}.
 */
public final class AllocatePpaStep extends TicketStep {

    @DataBoundConstructor
    public AllocatePpaStep(String ticket) {
        super(ticket);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getTicket());
    }

    static final class Execution extends LandingStepExecution<Ppa> {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String ticket) {
            super(context, ticket, Landed.ALLOCATE, "Reserve a PPA", WorkflowStep.QUEUED);
        }

        @Override
        protected Ppa perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            return backend.allocatePpa(ticketId, console);
        }

        @Override
        protected @NonNull Class<Ppa> resultType() {
            return Ppa.class;
        }

        @Override
        protected @NonNull Outcome finish(Ppa ppa, @NonNull Finish finish) {
            finish.listener()
                    .getLogger()
                    .println("PPA " + ppa.name() + " reserved for ticket " + ticketId + ": " + ppa.aptLine());
            return Outcome.ok(ppa.name(), GroovyResults.ppa(ppa));
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
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
