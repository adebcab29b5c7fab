package io.jenkins.plugins.lander.rdeps;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A ticket's triggered tests as every face shows them ({@code triggered_tests} in the ticket
 * JSON, the status page): {@code done/total} progress and one row per test, running, finished
 * or not run.
 *
 * @param total the tests that run (the cap applied)
 * @param done those finished
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TriggeredTable(int total, int done, List<TriggeredResult> results) {
    public TriggeredTable {
        results = results == null ? List.of() : List.copyOf(results);
    }

    public List<TriggeredResult> regressions() {
        return results.stream().filter(r -> r.verdict().blocks()).toList();
    }
}
