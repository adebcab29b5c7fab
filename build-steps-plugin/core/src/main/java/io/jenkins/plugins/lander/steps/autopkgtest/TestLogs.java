package io.jenkins.plugins.lander.steps.autopkgtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The per-test output autopkgtest leaves in its output directory ({@code NAME-stdout}, {@code NAME-stderr}). */
public final class TestLogs {
    /** Enough of a test's output to see why it failed without bloating the report. */
    static final int EXCERPT_BYTES = 16 * 1024;

    private final Path outputDir;

    public TestLogs(Path outputDir) {
        this.outputDir = outputDir;
    }

    public String stdout(String test) throws IOException {
        return tail(test + "-stdout");
    }

    public String stderr(String test) throws IOException {
        return tail(test + "-stderr");
    }

    /** The end of the file (where failures are), or "" when the test wrote nothing there. */
    private String tail(String name) throws IOException {
        if (outputDir == null || name.contains("/")) {
            return "";
        }
        Path file = outputDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length <= EXCERPT_BYTES) {
            return new String(all, StandardCharsets.UTF_8);
        }
        byte[] end = Arrays.copyOfRange(all, all.length - EXCERPT_BYTES, all.length);
        return "[… " + (all.length - EXCERPT_BYTES) + " bytes cut, full file archived …]\n"
                + new String(end, StandardCharsets.UTF_8);
    }
}
