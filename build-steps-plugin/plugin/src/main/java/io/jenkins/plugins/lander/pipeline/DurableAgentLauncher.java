package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import io.jenkins.plugins.lander.landing.remote.StagedFile;
import io.jenkins.plugins.lander.landing.remote.StepRequest;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs an engine action on the agent of the step that asked for it, the way {@code sh} runs a
 * script (workflow-durable-task-step's {@code DurableTaskStep}): the durable-task plugin's
 * {@link BourneShellScript} starts {@code java -jar lander.jar step --request R --result S} detached
 * from the agent connection, and the controller polls the task's {@link Controller} for its log
 * (streamed into the step's console, {@code [current/total]} lines included) and its exit status.
 *
 * <p>The {@link Controller} is {@link java.io.Serializable} and lives in the step execution's
 * program state ({@link Tasks}), saved as soon as the task is launched. After a controller restart
 * the engine asks again for the same action (its journal says it started and did not finish); this
 * launcher then finds the saved controller and re-attaches to the process that kept running, or
 * reads the result it wrote meanwhile, instead of starting the action a second time.
 */
final class DurableAgentLauncher implements AgentLauncher {
    /** Poll periods, as DurableTaskStep: quick at first, backing off while the process is quiet. */
    private static final long MIN_POLL_MILLIS = 250;

    private static final long MAX_POLL_MILLIS = 15_000;

    /** A launched task: its controller and its step directory on the agent. */
    record Running(Controller controller, String dir) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What the launcher keeps in the step execution that asked for the action, by request: the
     * action's name and its request's identity ({@link #requestKey}), since one action may send
     * several requests (a triggered test's run with the trigger, then its baseline).
     */
    interface Tasks {
        StepContext context();

        /** The task of this request launched before a restart, or null. */
        @CheckForNull
        Running running(String request);

        /** Records the launched task and saves the program state before the launcher waits on it. */
        void launched(String request, Running task) throws IOException, InterruptedException;

        void finished(String request);
    }

    /** {@code ACTION@IDENTITY}: what {@link Tasks} keeps a launched request by. */
    static String requestKey(StepRequest request) {
        return request.action() + "@" + request.sha256().substring(0, 24);
    }

    @Override
    public String run(String action, String requestJson, StepConsole console) throws Exception {
        StepRequest request = StepRequest.parse(requestJson);
        // Which step (and so which node) asks: by the ticket, from the request or, where the
        // request does not name it, from the engine's work directory TICKETS/ID/work/NAME.
        String ticketId = request.ticketId() != null
                ? request.ticketId()
                : console.workDir().getParent().getParent().getFileName().toString();
        Tasks tasks = NodeContexts.of(ticketId, action);
        StepContext context = tasks.context();
        FilePath workspace = context.get(FilePath.class);
        Launcher launcher = context.get(Launcher.class);
        TaskListener listener = context.get(TaskListener.class);
        if (workspace == null || launcher == null) {
            throw new AbortException(
                    action + " of ticket " + ticketId + " needs a node: call its step inside node { }");
        }
        String key = requestKey(request);
        Running task = tasks.running(key);
        Controller controller;
        FilePath dir;
        if (task == null) {
            // Named by the request's identity, as lander step expects: the same request (re-sent with
            // resuming after a restart between the launch and the save) finds its result again.
            dir = WorkspaceList.tempDir(workspace)
                    .child("lander")
                    .child(request.sha256().substring(0, 24));
            FilePath requestFile = stage(request, requestJson, dir);
            FilePath jar = AgentJar.install(workspace, listener);
            EnvVars env = new EnvVars(context.get(EnvVars.class));
            env.remove("LANDER_CRASH_AT"); // a test hook only, never honoured on a real agent
            // The builder adds its results to the PPA service with this token, and performs the
            // action with the configured backend and testbed (their secrets too: Launchpad's token,
            // OpenStack's password for nova): in the process's environment, never on its command
            // line, in a file or on the console. The controller's choices override the node's.
            LanderConfiguration config = LanderConfiguration.get();
            env.put("LANDER_PPA_TOKEN", config.ppaToken().getPlainText());
            env.putAll(config.builderEnvironment());
            BourneShellScript script = new BourneShellScript(
                    command(jar, requestFile, dir.child("result.json"), AgentJar.toolsDir(workspace)));
            controller = script.launch(env, workspace, launcher, listener);
            tasks.launched(key, new Running(controller, dir.getRemote()));
        } else {
            controller = task.controller();
            dir = new FilePath(workspace, task.dir()); // absolute: the same channel, this path
            console.out().println("[lander] re-attaching to " + action + ", still running on the agent");
        }
        FilePath result = dir.child("result.json");
        int exit = await(controller, workspace, launcher, listener, console);
        try {
            if (!result.exists()) {
                throw new IOException("lander step " + action + " exited with " + exit + " and wrote no result"
                        + (exit == 2 ? " (bad request)" : ""));
            }
            return result.readToString();
        } finally {
            controller.cleanup(workspace);
            tasks.finished(key);
        }
    }

    /**
     * The request and the files it names (the controller's staged uploads) into the agent's step
     * directory, over the agent channel: the agent opens no controller path.
     */
    private static FilePath stage(StepRequest request, String requestJson, FilePath dir)
            throws IOException, InterruptedException {
        dir.mkdirs();
        for (StagedFile file : request.files()) {
            FilePath target = dir.child(file.name());
            // The directory is named by the request, which names every file's SHA-256: a file of
            // the right size is there from a launch of this request (a restart between the launch
            // and the save), maybe still read by its step, so it is not rewritten under it.
            if (!target.exists() || target.length() != file.size()) {
                target.copyFrom(new FilePath(new File(file.from())));
            }
        }
        FilePath requestFile = dir.child("request.json");
        requestFile.write(requestJson, StandardCharsets.UTF_8.name());
        return requestFile;
    }

    private static String command(FilePath jar, FilePath request, FilePath result, FilePath tools) {
        return "unset LANDER_CRASH_AT\nexec \"${LANDER_JAVA:-java}\" -jar " + quote(jar) + " step --request "
                + quote(request) + " --result " + quote(result) + " --data " + quote(tools.child("data"));
    }

    private static String quote(FilePath path) {
        return "'" + path.getRemote().replace("'", "'\"'\"'") + "'";
    }

    private static int await(
            Controller controller, FilePath workspace, Launcher launcher, TaskListener listener, StepConsole console)
            throws IOException, InterruptedException {
        long period = MIN_POLL_MILLIS;
        while (true) {
            boolean wrote = controller.writeLog(workspace, console.out());
            Integer exit = controller.exitStatus(workspace, launcher, listener);
            if (exit != null) {
                controller.writeLog(workspace, console.out());
                return exit;
            }
            period = wrote ? MIN_POLL_MILLIS : Math.min(period * 2, MAX_POLL_MILLIS);
            Thread.sleep(period);
        }
    }

    /** Stops a task this step launched, as {@code sh} does when its run is aborted. */
    static void stop(Controller controller, StepContext context) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        Launcher launcher = context.get(Launcher.class);
        if (workspace != null && launcher != null) {
            controller.stop(workspace, launcher);
        }
    }
}
