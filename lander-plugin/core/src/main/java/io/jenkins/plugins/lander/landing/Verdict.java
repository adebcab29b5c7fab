package io.jenkins.plugins.lander.landing;

/**
 * One line of autopkgtest's {@code summary}.
 *
 * @param test the test name
 * @param result {@code PASS}, {@code FAIL}, {@code SKIP}, {@code FLAKY} or {@code ERROR}
 * @param superficial the test is marked superficial (a pass that proves little)
 * @param detail the rest of the summary line (e.g. {@code non-zero exit status 1})
 */
public record Verdict(String test, String result, boolean superficial, String detail) {}
