package io.jenkins.plugins.lander.landing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One test's verdict, from a line of autopkgtest's {@code summary} (or the Lander's own
 * {@link #NEUTRAL} "no tests").
 *
 * @param test the test name
 * @param result {@code PASS}, {@code FAIL}, {@code SKIP}, {@code FLAKY}, {@code ERROR} or {@code NEUTRAL}
 * @param superficial the test is marked superficial (a pass that proves little)
 * @param flaky the test is marked flaky (its failure is tolerated: {@code FLAKY})
 * @param detail the rest of the summary line (e.g. {@code non-zero exit status 1})
 */
public record Verdict(String test, String result, boolean superficial, boolean flaky, String detail) {
    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    public static final String FLAKY = "FLAKY";
    public static final String SKIP = "SKIP";
    public static final String ERROR = "ERROR";
    /** Nothing was tested: the upload has no tests (autopkgtest exit 8), or all of them were skipped. */
    public static final String NEUTRAL = "NEUTRAL";
    /** The name of the {@link #NEUTRAL} verdict. */
    public static final String NO_TESTS = "no-tests";

    @JsonCreator
    public Verdict(@JsonProperty("test") String test, @JsonProperty("result") String result,
            @JsonProperty("superficial") boolean superficial, @JsonProperty("flaky") boolean flaky,
            @JsonProperty("detail") String detail) {
        this.test = test;
        this.result = result;
        this.superficial = superficial;
        // a FLAKY result is a flaky test's tolerated failure, whatever the caller said
        this.flaky = flaky || FLAKY.equals(result);
        this.detail = detail == null ? "" : detail;
    }

    /** A verdict of a test not marked flaky. */
    public Verdict(String test, String result, boolean superficial, String detail) {
        this(test, result, superficial, false, detail);
    }

    /** Whether the test ran (passed, failed, or failed and was tolerated) rather than being skipped. */
    public boolean ran() {
        return !SKIP.equals(result) && !NEUTRAL.equals(result);
    }

    /** Whether this verdict fails the tests of its upload. */
    public boolean failing() {
        return !PASS.equals(result) && !SKIP.equals(result) && !NEUTRAL.equals(result) && !FLAKY.equals(result);
    }

    /** {@code smoke FAIL non-zero exit status 1}. */
    public String describe() {
        return test + " " + result + (detail.isBlank() ? "" : " " + detail);
    }
}
