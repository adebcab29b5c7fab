package io.jenkins.plugins.lander.steps.autopkgtest;

import io.jenkins.plugins.lander.landing.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads autopkgtest's {@code summary}. Test lines are {@code NAME RESULT [detail]} (the name
 * padded to 20 columns); the other lines say why a whole run went wrong ({@code blame: …},
 * {@code badpkg: …}, {@code erroneous package: …}, {@code testbed failure: …}). Every line becomes
 * a verdict, the latter ones as {@code ERROR} verdicts named after their prefix, so nothing
 * autopkgtest reported is lost on the way to JUnit or subunit.
 */
public final class SummaryParser {
    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    public static final String FLAKY = "FLAKY";
    public static final String SKIP = "SKIP";
    public static final String ERROR = "ERROR";

    private static final Pattern TEST_LINE = Pattern.compile("^(\\S+)\\s+(PASS|FAIL|FLAKY|SKIP|BROKEN)(?:\\s+(.*))?$");
    private static final Pattern RUN_LINE = Pattern.compile("^([a-z][a-z ]*[a-z]):\\s*(.*)$");
    private static final Set<String> SUPERFICIAL = Set.of("(superficial)");

    private SummaryParser() {}

    public static List<Verdict> parse(List<String> lines) {
        List<Verdict> verdicts = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            verdicts.add(parseLine(line));
        }
        return verdicts;
    }

    static Verdict parseLine(String line) {
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
            return new Verdict(run.group(1), ERROR, false, run.group(2).strip());
        }
        return new Verdict("summary", ERROR, false, line);
    }
}
