package io.jenkins.plugins.lander.rdeps;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * britney's verdicts on a triggered test (its excuses' labels), decided from the test's
 * autopkgtest exit code with the ticket's packages, the baseline's without them, and the hints.
 */
public enum TriggeredVerdict {
    PASS("PASS"),
    /** Passes without the ticket's packages, fails with them: blocks publishing. */
    REGRESSION("REGRESSION"),
    /** Fails with and without: reported, not blocking. */
    ALWAYSFAIL("ALWAYSFAIL"),
    /** No tests ran (exit 8). */
    NEUTRAL("NEUTRAL"),
    /** Failed, but a hint ignores it. */
    IGNORE_FAIL("IGNORE-FAIL"),
    RUNNING("RUNNING"),
    /** Past the configured cap. */
    NOT_RUN("NOT-RUN");

    private final String label;

    TriggeredVerdict(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static TriggeredVerdict parse(String label) {
        for (TriggeredVerdict v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown triggered test verdict '" + label + "'");
    }

    public boolean blocks() {
        return this == REGRESSION;
    }

    /**
     * The verdict that needs no baseline: PASS (exit 0 or 2), NEUTRAL (exit 8), IGNORE-FAIL (a
     * failure a hint covers); empty when only the baseline can tell (a failure nobody hinted).
     */
    public static Optional<TriggeredVerdict> withoutBaseline(TriggeredTest test, int exitCode, List<Hint> hints) {
        if (passed(exitCode)) {
            return Optional.of(PASS);
        }
        if (exitCode == 8) {
            return Optional.of(NEUTRAL);
        }
        String[] trigger = test.trigger().split("_", 2);
        boolean hinted = hints.stream().anyMatch(h -> h.ignoresFailureOf(test.source(), test.version(), test.architecture())
                || (trigger.length == 2 && h.skipsTestsTriggeredBy(trigger[0], trigger[1])));
        return hinted ? Optional.of(IGNORE_FAIL) : Optional.empty();
    }

    /** A failure with the ticket's packages, judged by the baseline's exit code: REGRESSION only if the baseline passed. */
    public static TriggeredVerdict fromBaseline(int baselineExitCode) {
        return passed(baselineExitCode) ? REGRESSION : ALWAYSFAIL;
    }

    private static boolean passed(int exitCode) {
        return exitCode == 0 || exitCode == 2;
    }
}
