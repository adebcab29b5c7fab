package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * Hints that change how a ticket lands, after britney's hints.
 *
 * @param ignoreArchitectures architectures whose builds and tests are not run
 * @param ignoreFailures steps whose failure is reported but does not fail the ticket
 *     (force-badtest applies to {@link WorkflowStep#IMAGE_TESTING})
 * @param skipTests skip the autopkgtest step entirely (force-skiptest)
 */
public record Overrides(
        @JsonProperty("ignore_architectures") Set<String> ignoreArchitectures,
        @JsonProperty("ignore_failures") Set<WorkflowStep> ignoreFailures,
        @JsonProperty("skip_tests") boolean skipTests) {

    public static final Overrides NONE = new Overrides(Set.of(), Set.of(), false);

    public Overrides {
        ignoreArchitectures = ignoreArchitectures == null ? Set.of() : Set.copyOf(ignoreArchitectures);
        ignoreFailures = ignoreFailures == null ? Set.of() : Set.copyOf(ignoreFailures);
    }

    public boolean ignoresFailureOf(WorkflowStep step) {
        return ignoreFailures.contains(step);
    }
}
