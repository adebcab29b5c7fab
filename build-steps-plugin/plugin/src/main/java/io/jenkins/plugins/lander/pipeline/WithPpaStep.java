package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code withPpa(ticket: '42') { … }}, block-scoped as lockable-resources' {@code lock}: reserves a
 * PPA of the pool for the ticket, runs the body with {@code LANDER_PPA} and
 * {@code LANDER_PPA_APT_LINE} in its environment, and whatever the body does (success, failure,
 * abort) releases the PPA and closes the ticket with its verdict. Until the engine's conflict rule
 * and slots give the ticket its turn (a ticket sharing a source package with one landing or queued
 * ahead waits for it) the block waits in {@link PpaQueue} holding no thread and, outside
 * {@code node}, no executor; stopped while it waits, it closes the ticket as cancelled.
 */
public final class WithPpaStep extends TicketStep {

    @DataBoundConstructor
    public WithPpaStep(String ticket) {
        super(ticket);
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket());
    }

    private static final Logger LOGGER = Logger.getLogger(WithPpaStep.class.getName());

    public static final class Execution extends StepExecution implements PpaQueue.Waiter {
        private static final long serialVersionUID = 1L;
        private final String ticket;
        /** Set once the body started: a restart then re-grants the PPA instead of queueing again. */
        private volatile boolean started;

        Execution(StepContext context, String ticket) {
            super(context);
            this.ticket = ticket;
        }

        @Override
        public String ticket() {
            return ticket;
        }

        @Override
        public StepContext context() {
            return getContext();
        }

        @Override
        public boolean start() {
            PpaQueue.get().request(this);
            return false;
        }

        @Override
        public void onResume() {
            if (!started) {
                PpaQueue.get().request(this);
            } // else the body resumes by itself, and the queue takes the holder's turn back
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (!started && PpaQueue.get().cancel(this)) {
                PpaQueue.cancelled(this, cause);
            } else {
                super.stop(cause); // the body is stopped; its callback releases the PPA
            }
        }

        @Override
        public String getStatus() {
            return started ? "holding the PPA of ticket " + ticket : "waiting for the turn of ticket " + ticket;
        }

        @Override
        public void waiting(String why) {
            tellWaiting(getContext(), why);
        }

        /** The ticket's turn came: reserve its PPA off the CPS VM thread, then start the body. */
        @Override
        public void granted() {
            LanderThreads.pool().execute(() -> {
                StepContext context = getContext();
                try {
                    Map<String, Object> ppa = call(context, ticket, (steps, run) -> steps.allocatePpa(ticket));
                    started = true;
                    context.saveState();
                    context.newBodyInvoker()
                            .withContext(EnvironmentExpander.merge(
                                    context.get(EnvironmentExpander.class),
                                    EnvironmentExpander.constant(Map.of(
                                            "LANDER_PPA", String.valueOf(ppa.get("name")),
                                            "LANDER_PPA_APT_LINE", String.valueOf(ppa.get("aptLine"))))))
                            .withCallback(new Release(ticket))
                            .start();
                } catch (Throwable t) {
                    new Release(ticket).onFailure(context, t); // the ticket is this run's: give it back
                }
            });
        }

        /** Says in the run's console why its ticket still waits. */
        static void tellWaiting(StepContext context, String why) {
            try {
                context.get(TaskListener.class).getLogger().println(why);
            } catch (Exception e) {
                LOGGER.log(Level.FINE, "cannot tell the run it waits", e);
            }
        }

        @FunctionalInterface
        interface Call {
            Object call(PipelineSteps steps, Run<?, ?> run) throws Exception;
        }

        /** One engine call of the block, its output in the run's console. */
        @SuppressWarnings("unchecked")
        static Map<String, Object> call(StepContext context, String ticket, Call call) throws Exception {
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
                StepListener shown = new StepListener(run, listener, LanderRunAction.of(run, ticket));
                return (Map<String, Object>) call.call(new PipelineSteps(lease.engine(), shown), run);
            }
        }
    }

    /** Releases the PPA when the body ends, however it ends, and then ends the step as the body did. */
    private static final class Release extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final String ticket;

        Release(String ticket) {
            this.ticket = ticket;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            release(context, null, () -> context.onSuccess(result));
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            release(context, t.getMessage() == null ? t.toString() : t.getMessage(), () -> context.onFailure(t));
        }

        private void release(StepContext context, String error, Runnable end) {
            LanderThreads.pool().execute(() -> {
                try {
                    Map<String, Object> closed = Execution.call(
                            context, ticket, (steps, run) -> PpaQueue.release(steps, run, ticket, error));
                    context.get(TaskListener.class)
                            .getLogger()
                            .println("Ticket " + ticket + ": " + closed.get("step") + " " + closed.get("status"));
                    end.run();
                } catch (Throwable t) {
                    if (error == null) {
                        context.onFailure(t);
                    } else {
                        // The body's failure is the run's; the release's is logged and left to PpaLeakListener.
                        LOGGER.log(Level.WARNING, "Could not release the PPA of ticket " + ticket, t);
                        end.run();
                    }
                }
            });
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withPpa";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Hold a PPA of the Lander pool for the ticket while the body runs";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.RUN_CONTEXT;
        }
    }
}
