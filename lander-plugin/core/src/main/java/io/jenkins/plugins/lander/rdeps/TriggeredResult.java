package io.jenkins.plugins.lander.rdeps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of a ticket's regression table: a triggered test and its verdict.
 *
 * @param exitCode autopkgtest's exit code with the ticket's packages (null while running or not run)
 * @param baselineExitCode without them (null when no baseline was needed)
 * @param detail why: the failing tests, the hint that ignored them, the cap
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggeredResult(String source, String version, String architecture, String trigger, String origin,
        TriggeredVerdict verdict, Integer exitCode, Integer baselineExitCode, String detail) {

    public static TriggeredResult of(TriggeredTest t, TriggeredVerdict verdict, Integer exitCode, Integer baselineExitCode,
            String detail) {
        return new TriggeredResult(t.source(), t.version(), t.architecture(), t.trigger(), t.origin(), verdict, exitCode,
                baselineExitCode, detail);
    }

    /** {@code liba_1.1-1/b/amd64}: its {@link TriggeredTest#key()}, so its action and console log are found from it. */
    public String key() {
        return trigger + "/" + source + "/" + architecture;
    }

    /** {@code b/1.0 (amd64)}: how a reason names it. */
    public String describe() {
        return source + "/" + version + " (" + architecture + ")";
    }
}
