package io.jenkins.plugins.lander.pipeline;

import hudson.model.TaskListener;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A step's console in a Pipeline run: the step's log, and the run page's {@code current/total}. */
final class RunConsole implements StepConsole {
    private final TaskListener listener;
    private final LanderRunAction landing;
    private final Path workDir;

    RunConsole(TaskListener listener, LanderRunAction landing, Path workDir) {
        this.listener = listener;
        this.landing = landing;
        this.workDir = workDir;
    }

    @Override
    public PrintStream out() {
        return listener.getLogger();
    }

    @Override
    public void progress(int current, int total, String message) {
        landing.progress(current, total, message);
        listener.getLogger().println("[" + current + "/" + total + "] " + message);
    }

    @Override
    public void state(String state, String message) {
        listener.getLogger().println(state + (message == null || message.isEmpty() ? "" : ": " + message));
    }

    @Override
    public Path workDir() {
        try {
            return Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
