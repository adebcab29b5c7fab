package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.landing.StepFailedException;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A landing step: {@link #start()} returns at once and a Lander thread calls the step's
 * {@link PipelineSteps} method on the controller's {@link ControllerEngine}. The engine journals
 * every action of the ticket; its build, image, test and publish actions run on this step's agent
 * through {@link DurableAgentLauncher}, whose task controllers this execution keeps in its
 * serialised state. After a controller restart {@link #onResume()} calls the same method again:
 * finished actions return their journaled result and a running one is re-attached to its still
 * running agent process.
 */
public abstract class LandingStepExecution extends StepExecution implements DurableAgentLauncher.Tasks {
    private static final long serialVersionUID = 1L;

    /** What a step that runs actions on an agent needs: a node, as {@code sh} does. */
    static final Set<Class<?>> NODE_CONTEXT =
            Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class);

    /** What a step that works on the controller only (the PPA pool) needs. */
    static final Set<Class<?>> RUN_CONTEXT = Set.of(Run.class, TaskListener.class);

    protected final String ticketId;
    private final String title;
    /** The agent tasks of this step still running, by request (ACTION@IDENTITY): what a restart re-attaches to. */
    private final Map<String, DurableAgentLauncher.Running> running = new LinkedHashMap<>();

    private transient volatile Future<?> task;
    private transient volatile boolean stopped;

    protected LandingStepExecution(@NonNull StepContext context, @NonNull String ticketId, @NonNull String title) {
        super(context);
        this.ticketId = ticketId;
        this.title = title;
    }

    /** The step's engine call; what it returns is the Pipeline script's value. */
    protected abstract Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
            throws Exception;

    /** Whether the step runs actions on an agent (and so needs a node context). */
    protected boolean onAgent() {
        return true;
    }

    @Override
    public boolean start() {
        launch();
        return false;
    }

    @Override
    public void onResume() {
        launch();
    }

    /** Hands the step's engine call to a Lander thread. */
    protected final void launch() {
        task = LanderThreads.pool().submit(this::attach);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopped = true;
        Future<?> body = task;
        if (body != null) {
            body.cancel(true);
        }
        for (Controller controller : runningControllers()) {
            DurableAgentLauncher.stop(controller, getContext());
        }
        getContext().onFailure(cause);
    }

    /** A safe restart waits while an action runs here; a hard one re-attaches to it afterwards. */
    @Override
    public boolean blocksRestart() {
        Future<?> body = task;
        return body != null && !body.isDone();
    }

    @Override
    public String getStatus() {
        Future<?> body = task;
        return (body == null || body.isDone() ? "not running: " : "running: ") + title + ", agent tasks "
                + runningActions();
    }

    private void attach() {
        StepContext context = getContext();
        LanderRunAction landing = null;
        try {
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            landing = LanderRunAction.of(run, ticketId);
            landing.stepStarted(title, title);
            Object value;
            try (ControllerEngine.Lease lease = ControllerEngine.lease();
                    NodeContexts.Binding bound = onAgent() ? NodeContexts.bind(ticketId, this) : null) {
                PipelineSteps steps = new PipelineSteps(lease.engine(), new StepListener(run, listener, landing));
                value = perform(steps, lease.engine(), run);
            }
            landing.stepFinished(title, "SUCCESS", null);
            context.onSuccess(value);
        } catch (Throwable t) {
            if (stopped) {
                return; // stop() has already failed the step
            }
            if (landing != null) {
                landing.stepFinished(title, "FAILURE", String.valueOf(t.getMessage()));
            }
            // A refusal of the policy or a failed landing fails the run with its reason, no stack trace.
            context.onFailure(t instanceof StepFailedException ? new AbortException(t.getMessage()) : t);
        }
    }

    /** The ticket's PPA must be this run's: a run never works in a PPA another run's ticket holds. */
    protected final void requireHolder(Run<?, ?> run) throws AbortException {
        String holder = PpaHolders.get().holder(ticketId);
        if (!run.getExternalizableId().equals(holder)) {
            throw new AbortException("ticket " + ticketId + "'s PPA is "
                    + (holder == null ? "not reserved" : "held by " + holder)
                    + ": reserve it in this run with withPpa or allocatePpa first");
        }
    }

    @Override
    public StepContext context() {
        return getContext();
    }

    @Override
    public synchronized @CheckForNull DurableAgentLauncher.Running running(String request) {
        return running.get(request);
    }

    @Override
    public void launched(String request, DurableAgentLauncher.Running task) throws IOException, InterruptedException {
        synchronized (this) {
            running.put(request, task);
        }
        try {
            getContext().saveState().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("could not save the state of " + title + " after launching " + request, e.getCause());
        }
    }

    @Override
    public synchronized void finished(String request) {
        running.remove(request);
        getContext().saveState();
    }

    private synchronized List<Controller> runningControllers() {
        return running.values().stream()
                .map(DurableAgentLauncher.Running::controller)
                .toList();
    }

    private synchronized List<String> runningActions() {
        return List.copyOf(running.keySet());
    }
}
