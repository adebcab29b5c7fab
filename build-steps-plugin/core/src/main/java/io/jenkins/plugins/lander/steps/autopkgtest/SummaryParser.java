package io.jenkins.plugins.lander.steps.autopkgtest;

import io.jenkins.plugins.lander.landing.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads autopkgtest's {@code summary}. Test lines are {@code NAME RESULT [detail]} (the name
 * padded to 20 columns); the other lines say why a whole run went wrong ({@code blame: …},
 * {@code badpkg: …}, {@code erroneous package: …}, {@code testbed failure: …}). Every line becomes
 * a verdict, the latter ones as {@code ERROR} verdicts named after their prefix (spaces as
 * {@code -}: {@code testbed-failure}), so nothing
 * autopkgtest reported is lost on the way to JUnit or subunit. autopkgtest 5.28 reports a test
 * skipped for a restriction twice (once when it reads the control file, once when it runs the
 * tests): a line equal to an earlier one is read once. {@code * SKIP no tests in this package}
 * is the {@link Verdict#NEUTRAL} "no tests" verdict.
 */
public final class SummaryParser {
    public static final String PASS = Verdict.PASS;
    public static final String FAIL = Verdict.FAIL;
    public static final String FLAKY = Verdict.FLAKY;
    public static final String SKIP = Verdict.SKIP;
    public static final String ERROR = Verdict.ERROR;
    private static final String NO_TESTS_LINE = "SKIP no tests in this package";

    private static final Pattern TEST_LINE = Pattern.compile("^(\\S+)\\s+(PASS|FAIL|FLAKY|SKIP|BROKEN)(?:\\s+(.*))?$");
    private static final Pattern RUN_LINE = Pattern.compile("^([a-z][a-z ]*[a-z]):\\s*(.*)$");
    private static final Set<String> SUPERFICIAL = Set.of("(superficial)");

    private SummaryParser() {}

    public static List<Verdict> parse(List<String> lines) {
        List<Verdict> verdicts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || !seen.add(line)) {
                continue;
            }
            verdicts.add(parseLine(line));
        }
        return verdicts;
    }

    static Verdict parseLine(String line) {
        if (line.startsWith("*") && line.substring(1).strip().equals(NO_TESTS_LINE)) {
            return new Verdict(Verdict.NO_TESTS, Verdict.NEUTRAL, false, "no tests in this package");
        }
        Matcher test = TEST_LINE.matcher(line);
        if (test.matches()) {
            String name = test.group(1);
            String result = test.group(2);
            String detail = test.group(3) == null ? "" : test.group(3).strip();
            if (result.equals(PASS)) {
                boolean superficial = SUPERFICIAL.contains(detail);
                return new Verdict(name, PASS, superficial, superficial ? "" : detail);
            }
            if (result.equals("BROKEN")) {
                return new Verdict(name, ERROR, false, "broken test: " + detail);
            }
            return new Verdict(name, result, false, detail);
        }
        Matcher run = RUN_LINE.matcher(line);
        if (run.matches()) {
            // a test name has no spaces; these names should not either (stats, JUnit, subunit)
            return new Verdict(run.group(1).replace(' ', '-'), ERROR, false, run.group(2).strip());
        }
        return new Verdict("summary", ERROR, false, line);
    }
}
