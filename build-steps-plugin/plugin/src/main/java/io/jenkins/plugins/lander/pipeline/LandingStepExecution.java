package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.TicketReports;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.List;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * An asynchronous landing step (the {@code SleepStep} pattern): {@link #start()} returns at once
 * and the backend call runs on a Lander thread under the run's {@link Journal}. The serial form
 * holds only the ticket id, the journal action key and the step's arguments, so after a
 * controller restart {@link #onResume()} runs the same action again: the journal returns the
 * recorded result of a {@code done} action (nothing is rebuilt or republished) and re-enters a
 * {@code started} one with {@code resuming == true}, so the backend reconciles with what the
 * interrupted attempt left.
 *
 * @param <R> the backend's result record, journaled as JSON
 */
public abstract class LandingStepExecution<R> extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected final String ticketId;
    private final String actionKey;
    private final String title;
    /** The ticket's workflow step this step reports, or null for a step the ticket does not see. */
    private final WorkflowStep workflowStep;

    private transient volatile Future<?> task;
    private transient volatile boolean stopped;

    protected LandingStepExecution(
            @NonNull StepContext context,
            @NonNull String ticketId,
            @NonNull String actionKey,
            @NonNull String title,
            @CheckForNull WorkflowStep workflowStep) {
        super(context);
        this.ticketId = ticketId;
        this.actionKey = actionKey;
        this.title = title;
        this.workflowStep = workflowStep;
    }

    /** The backend call, run at most once to completion per run thanks to the journal. */
    protected abstract R perform(
            @NonNull LandingSteps backend, @NonNull Journal journal, @NonNull RunConsole console, boolean resuming)
            throws Exception;

    protected abstract @NonNull Class<R> resultType();

    /** The logs and results the result names, to archive under the ticket's container. */
    protected @NonNull List<ArchivedFile> files(@CheckForNull R result) {
        return List.of();
    }

    /**
     * Shows the result (page, console, workspace) and says how the step ended. Called after every
     * (re)attachment, also when the journal returned a recorded result, so it must be idempotent.
     */
    protected abstract @NonNull Outcome finish(@CheckForNull R result, @NonNull Finish finish) throws Exception;

    @Override
    public boolean start() {
        launch();
        return false;
    }

    @Override
    public void onResume() {
        launch();
    }

    private void launch() {
        task = LanderThreads.pool().submit(this::attach);
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        stopped = true;
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        getContext().onFailure(cause);
    }

    @Override
    public String getStatus() {
        Future<?> running = task;
        return (running == null || running.isDone() ? "not running: " : "running: ") + actionKey;
    }

    private void attach() {
        StepContext context = getContext();
        LanderRunAction landing = null;
        Run<?, ?> run = null;
        try {
            run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            landing = LanderRunAction.of(run, ticketId);
            landing.stepStarted(actionKey, title);
            report(run, TicketStatus.RUNNING);
            LanderConfiguration config = LanderConfiguration.get();
            Journal journal = Journal.open(RunJournal.file(config, run, ticketId));
            RunConsole console = new RunConsole(listener, landing, RunJournal.workDir(config, ticketId, actionKey));
            LandingSteps backend = config.landingSteps();
            PoolReconciliation.once(config, backend);
            R result = journal.run(actionKey, resultType(), resuming -> {
                if (resuming) {
                    listener.getLogger().println("Resuming " + title + " after an interruption");
                }
                return perform(backend, journal, console, resuming);
            });
            List<Artifact> stored = StepArchive.store(config.dataStore(), ticketId, files(result));
            landing.addArchived(stored);
            TicketReports.artifactsArchived(run, ticketId, stored);
            Outcome outcome = finish(result, new Finish(context, run, listener, landing));
            landing.stepFinished(actionKey, outcome.label(), outcome.detail());
            report(run, outcome.succeeded() ? TicketStatus.COMPLETED : TicketStatus.FAILED);
            if (!outcome.succeeded() && failOnError()) {
                context.onFailure(new AbortException(title + " failed: " + outcome.detail()));
            } else {
                context.onSuccess(outcome.value());
            }
        } catch (Throwable t) {
            if (stopped) {
                return; // stop() has already failed the step
            }
            if (landing != null) {
                landing.stepFinished(actionKey, "ERROR", String.valueOf(t.getMessage()));
                report(run, TicketStatus.FAILED);
            }
            context.onFailure(t);
        }
    }

    private void report(Run<?, ?> run, TicketStatus status) {
        if (workflowStep != null && run != null) {
            TicketReports.stepChanged(run, ticketId, workflowStep, status);
        }
    }

    /**
     * Whether a result that is a failure (a failed build, failed tests) fails the step; when not,
     * the script gets the result and decides. Steps whose failures are exceptions keep the default.
     */
    protected boolean failOnError() {
        return true;
    }

    /**
     * How a step ended: {@code value} is what the Pipeline script gets back; a result that did not
     * succeed is reported to the ticket as FAILED and, with {@link #failOnError()}, fails the step
     * with {@code detail} as its message.
     */
    protected record Outcome(String label, String detail, boolean succeeded, Object value) {
        static Outcome ok(String detail, Object value) {
            return new Outcome("SUCCESS", detail, true, value);
        }
    }

    /** What {@link #finish} may use. */
    protected record Finish(StepContext context, Run<?, ?> run, TaskListener listener, LanderRunAction landing) {}
}
