package io.jenkins.plugins.lander.landing;

import java.io.PrintStream;
import java.nio.file.Path;

/** What a step gets to talk to the person watching, and a directory to work in. */
public interface StepConsole {
    /** The step's console: written to its archived log and shown live. */
    PrintStream out();

    /** {@code current/total} progress, e.g. the test being run out of all tests. */
    void progress(int current, int total, String message);

    /**
     * A state message of the seed's build_source protocol ({@code WAITING}, {@code STATUS},
     * {@code COMPLETED}, {@code FAILED}) or of another step.
     */
    void state(String state, String message);

    /** A private scratch directory for this step of this ticket; it survives a crash. */
    Path workDir();
}
