package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What goes on after each step, and what each override means. Pure decisions over what the
 * landing's actions returned; the {@link LandingSession} applies them for every face, so a
 * script that calls the steps in another order cannot test an upload that did not build or
 * publish one whose tests failed.
 *
 * <ul>
 *   <li>A build that did not complete fails the ticket at 200, unless the failure of 200 is
 *       ignored: then that upload is dropped (not tested, not published) and the others go on;
 *       with none built the ticket fails at 200 all the same.
 *   <li>An upload that build-depends on an upload of the ticket that did not build is not built:
 *       it waits on it (a dependency wait), as Launchpad does.
 *   <li>Only built uploads are tested; {@code skip_tests} (force-skiptest) tests none.
 *   <li>Failed tests fail the ticket at 400, unless the failure of 400 is ignored
 *       (force-badtest): then they are published anyway.
 *   <li>An upload that tests nothing (no tests, or every test skipped) has a NEUTRAL "no tests"
 *       verdict and goes on; when tests are required ({@code --require-tests},
 *       {@code require-tests} in lander.conf) it fails the ticket at 400 like a failed test.
 *   <li>What is published: every built upload whose tests passed, were skipped or were ignored.
 * </ul>
 */
public final class LandingPolicy {
    private LandingPolicy() {}

    /** Whether the landing goes on after a step, and if not, why. */
    public record Decision(boolean proceed, WorkflowStep failedStep, String reason) {
        static final Decision PROCEED = new Decision(true, null, null);

        static Decision fail(WorkflowStep step, String reason) {
            return new Decision(false, step, reason);
        }
    }

    /** Why an upload cannot be built yet, given the builds of the uploads it needs. */
    public static Optional<String> buildBlocker(SubTicket sub, List<SubTicket> needed, Map<String, BuildResult> builds) {
        for (SubTicket dep : needed) {
            BuildResult b = builds.get(dep.key());
            if (b == null) {
                return Optional.of(sub.key() + " build-depends on " + dep.key() + ", which is not built yet");
            }
            if (!b.succeeded()) {
                return Optional.of("Dependency wait: " + sub.key() + " build-depends on " + dep.key()
                        + ", which did not build (" + b.state() + ")");
            }
        }
        return Optional.empty();
    }

    public static Decision afterBuilds(Overrides overrides, List<SubTicket> subs, Map<String, BuildResult> builds) {
        List<String> failed = new ArrayList<>();
        boolean anyBuilt = false;
        for (SubTicket sub : subs) {
            BuildResult b = builds.get(sub.key());
            if (b != null && b.succeeded()) {
                anyBuilt = true;
            } else {
                failed.add(sub.key() + ": " + (b == null ? "not built" : describe(b)));
            }
        }
        if (!failed.isEmpty() && !overrides.ignoresFailureOf(WorkflowStep.PACKAGE_BUILDING)) {
            return Decision.fail(WorkflowStep.PACKAGE_BUILDING, String.join("; ", failed));
        }
        if (!anyBuilt) {
            return Decision.fail(WorkflowStep.PACKAGE_BUILDING, "no upload built: " + String.join("; ", failed));
        }
        return Decision.PROCEED;
    }

    private static String describe(BuildResult b) {
        return "build " + b.state() + (b.reason() == null ? "" : ": " + b.reason());
    }

    /** Whether the upload's tests are run: it built, and tests are not skipped. */
    public static boolean testable(Overrides overrides, BuildResult build) {
        return build != null && build.succeeded() && !overrides.skipTests();
    }

    public static Decision afterTests(Overrides overrides, List<SubTicket> subs, Map<String, BuildResult> builds,
            Map<String, TestResult> tests) {
        return afterTests(overrides, subs, builds, tests, false);
    }

    /** @param requireTests whether an upload that tests nothing fails like one whose tests fail */
    public static Decision afterTests(Overrides overrides, List<SubTicket> subs, Map<String, BuildResult> builds,
            Map<String, TestResult> tests, boolean requireTests) {
        List<String> failed = new ArrayList<>();
        for (SubTicket sub : subs) {
            if (!testable(overrides, builds.get(sub.key()))) {
                continue;
            }
            TestResult t = tests.get(sub.key());
            if (t == null) {
                failed.add(sub.key() + ": not tested");
            } else if (!t.passed()) {
                failed.add(sub.key() + ": " + describe(t));
            } else if (!passed(t, requireTests)) {
                failed.add(sub.key() + ": no tests ran and tests are required (require-tests)");
            }
        }
        if (!failed.isEmpty() && !overrides.ignoresFailureOf(WorkflowStep.IMAGE_TESTING)) {
            return Decision.fail(WorkflowStep.IMAGE_TESTING, String.join("; ", failed));
        }
        return Decision.PROCEED;
    }

    /** Whether an upload's tests let it land: they passed, and tested something if tests are required. */
    public static boolean passed(TestResult t, boolean requireTests) {
        return t.passed() && !(requireTests && t.untested());
    }

    /**
     * After the triggered tests: a REGRESSION that no hint ignores fails the ticket at 400, naming
     * every regression; ALWAYSFAIL, NEUTRAL, IGNORE-FAIL and tests past the cap do not block. A
     * ticket whose triggered tests were not all run cannot go on.
     */
    public static Decision afterTriggeredTests(Optional<TriggeredTable> table) {
        if (table.isEmpty()) {
            return Decision.fail(WorkflowStep.IMAGE_TESTING, "the triggered tests were not looked for: run the tests first");
        }
        if (table.get().done() < table.get().total()) {
            return Decision.fail(WorkflowStep.IMAGE_TESTING, (table.get().total() - table.get().done()) + " of "
                    + table.get().total() + " triggered tests have no result yet");
        }
        List<TriggeredResult> regressions = table.get().regressions();
        if (!regressions.isEmpty()) {
            return Decision.fail(WorkflowStep.IMAGE_TESTING, "triggered tests regressed: " + regressions.stream()
                    .map(r -> r.describe() + " REGRESSION (triggered by " + r.trigger() + ": " + r.detail() + ")")
                    .collect(Collectors.joining("; ")));
        }
        return Decision.PROCEED;
    }

    /** {@code autopkgtest FAIL (exit 4): smoke FAIL non-zero exit status 1}: the failing tests by name. */
    static String describe(TestResult t) {
        String failing = t.verdicts().stream()
                .filter(Verdict::failing)
                .map(Verdict::describe)
                .collect(Collectors.joining(", "));
        return "autopkgtest " + t.outcome() + " (exit " + t.exitCode() + ")" + (failing.isEmpty() ? "" : ": " + failing);
    }

    /** The uploads the publish step copies to the archive. */
    public static List<SubTicket> publishable(Overrides overrides, List<SubTicket> subs, Map<String, BuildResult> builds,
            Map<String, TestResult> tests) {
        return publishable(overrides, subs, builds, tests, false);
    }

    public static List<SubTicket> publishable(Overrides overrides, List<SubTicket> subs, Map<String, BuildResult> builds,
            Map<String, TestResult> tests, boolean requireTests) {
        List<SubTicket> out = new ArrayList<>();
        for (SubTicket sub : subs) {
            BuildResult b = builds.get(sub.key());
            if (b == null || !b.succeeded()) {
                continue;
            }
            TestResult t = tests.get(sub.key());
            if (overrides.skipTests() || overrides.ignoresFailureOf(WorkflowStep.IMAGE_TESTING)
                    || (t != null && passed(t, requireTests))) {
                out.add(sub);
            }
        }
        return out;
    }
}
