package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.StepConsole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line protocol of a builder's step on its standard output: {@code [current/total] message}
 * for progress, {@code [STATE] message} for the seed's state messages, anything else plain. The
 * builder writes it through {@link #printing}; the controller reads it back with {@link #forward},
 * so the controller's console gets the same calls as if the step ran there.
 */
public final class ConsoleLines {
    private static final Pattern PROGRESS = Pattern.compile("\\[(\\d{1,9})/(\\d{1,9})] (.*)");
    private static final Pattern STATE = Pattern.compile("\\[(WAITING|STATUS|COMPLETED|FAILED|DEPWAIT)] (.*)");

    private ConsoleLines() {}

    /** Hands one line of the builder's output to the controller's console. */
    public static void forward(String line, StepConsole console) {
        Matcher p = PROGRESS.matcher(line);
        if (p.matches()) {
            console.progress(Integer.parseInt(p.group(1)), Integer.parseInt(p.group(2)), p.group(3));
            return;
        }
        Matcher s = STATE.matcher(line);
        if (s.matches()) {
            console.state(s.group(1), s.group(2));
            return;
        }
        console.out().println(line);
    }

    /** {@code [current/total] message}, as every console writes progress. */
    public static String progress(int current, int total, String message) {
        return "[" + current + "/" + total + "] " + message;
    }

    /** {@code [STATE] message}, as every console writes a state message. */
    public static String state(String state, String message) {
        return "[" + state + "] " + message;
    }

    /** A console that writes the protocol to {@code out}, working in {@code workDir}. */
    public static StepConsole printing(PrintStream out, Path workDir) {
        return new StepConsole() {
            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public void progress(int current, int total, String message) {
                out.println(ConsoleLines.progress(current, total, message));
            }

            @Override
            public void state(String state, String message) {
                out.println(ConsoleLines.state(state, message));
            }

            @Override
            public Path workDir() {
                return workDir;
            }
        };
    }
}
