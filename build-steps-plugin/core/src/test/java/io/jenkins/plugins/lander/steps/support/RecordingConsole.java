package io.jenkins.plugins.lander.steps.support;

import io.jenkins.plugins.lander.landing.StepConsole;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A step console that keeps every line, state and progress report, and can signal a line as it arrives. */
public final class RecordingConsole implements StepConsole {
    private final Path workDir;
    private final List<String> lines = new ArrayList<>();
    private final List<String> states = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private final PrintStream out;
    private volatile Consumer<String> listener = line -> {};

    public RecordingConsole(Path workDir) {
        this.workDir = workDir;
        this.out = new PrintStream(new LineSplitter(), true, StandardCharsets.UTF_8);
    }

    /** Called with every line printed from now on, in the printing thread. */
    public RecordingConsole onLine(Consumer<String> listener) {
        this.listener = listener;
        return this;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public synchronized void progress(int current, int total, String message) {
        progress.add(current + "/" + total + " " + message);
    }

    @Override
    public synchronized void state(String state, String message) {
        states.add(state);
        lines.add("[" + state + "] " + message);
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<String> states() {
        return List.copyOf(states);
    }

    public synchronized List<String> progress() {
        return List.copyOf(progress);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    private void line(String line) {
        synchronized (this) {
            lines.add(line);
        }
        listener.accept(line);
    }

    private final class LineSplitter extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                line(buffer.toString(StandardCharsets.UTF_8));
                buffer.reset();
            } else {
                buffer.write(b);
            }
        }
    }
}
