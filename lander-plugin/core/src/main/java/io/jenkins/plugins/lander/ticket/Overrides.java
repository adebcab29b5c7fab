package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.lander.source.DebianNames;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hints that change how a ticket lands, after britney's hints. These are all the overrides there
 * are, on every face (CLI options, the REST {@code overrides} field, the Jenkins parameters); a
 * value outside them is refused where it is given. What each one does to a landing is
 * {@code LandingPolicy}'s business.
 *
 * @param ignoreArchitectures architectures whose builds and tests are not run
 * @param ignoreFailures steps whose failure does not fail the ticket: {@link #IGNORABLE_FAILURES}
 *     only (a failed build's upload is then dropped, failed tests published anyway: force-badtest)
 * @param skipTests skip the autopkgtest step entirely (force-skiptest)
 */
public record Overrides(
        @JsonProperty("ignore_architectures") Set<String> ignoreArchitectures,
        @JsonProperty("ignore_failures") Set<WorkflowStep> ignoreFailures,
        @JsonProperty("skip_tests") boolean skipTests) {

    public static final Overrides NONE = new Overrides(Set.of(), Set.of(), false);
    /** Without an image nothing can be tested, and a failed publication is not a landing. */
    public static final Set<WorkflowStep> IGNORABLE_FAILURES = Set.of(WorkflowStep.PACKAGE_BUILDING, WorkflowStep.IMAGE_TESTING);

    public Overrides {
        ignoreArchitectures = ignoreArchitectures == null ? Set.of() : Set.copyOf(ignoreArchitectures);
        ignoreFailures = ignoreFailures == null ? Set.of() : Set.copyOf(ignoreFailures);
        for (String arch : ignoreArchitectures) {
            if (!DebianNames.isArchitecture(arch)) {
                throw new IllegalArgumentException("ignore_architectures: '" + arch + "' is not a Debian architecture name");
            }
        }
        for (WorkflowStep step : ignoreFailures) {
            if (!IGNORABLE_FAILURES.contains(step)) {
                throw new IllegalArgumentException("ignore_failures: the failure of step " + step.code() + " ("
                        + step.label() + ") cannot be ignored; only " + ignorable() + " can");
            }
        }
    }

    private static String ignorable() {
        return IGNORABLE_FAILURES.stream()
                .sorted()
                .map(s -> s.code() + " (" + s.label() + ")")
                .collect(Collectors.joining(" and "));
    }

    public boolean ignoresFailureOf(WorkflowStep step) {
        return ignoreFailures.contains(step);
    }
}
