package io.jenkins.plugins.lander.landing;

import java.util.List;

/**
 * The autopkgtest run of one source package.
 *
 * @param exitCode autopkgtest's exit code (of the last attempt when the testbed failed once)
 * @param verdicts every test of {@code summary} once (a {@link Verdict#NEUTRAL} one when nothing was tested)
 * @param files the summary, logs, JUnit XML, subunit stream and test artifacts to archive
 */
public record TestResult(
        String source, String version, int exitCode, TestOutcome outcome, List<Verdict> verdicts, List<ArchivedFile> files) {
    public TestResult {
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public boolean passed() {
        return outcome == TestOutcome.PASS;
    }

    /** Whether no test ran: the upload has none, or every one was skipped (autopkgtest exit 8). */
    public boolean untested() {
        return passed() && verdicts.stream().noneMatch(Verdict::ran);
    }
}
