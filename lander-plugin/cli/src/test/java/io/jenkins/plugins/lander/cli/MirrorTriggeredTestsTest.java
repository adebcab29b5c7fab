package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.DebianSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian library with real reverse dependencies in the series: libmodule-implementation-perl,
 * rebuilt at 0.09-2+lander1, whose bookworm reverse dependencies with tests are six sources. With
 * the series' own index chosen ({@code LANDER_TRIGGERED_TESTS_MIRROR=yes}) and a cap of 2, the
 * first two (libb-hooks-endofscope-perl, libclass-load-perl) run against the new library from the
 * PPA and are classified; the other four are listed as not run (measured: 132 s).
 */
@Tag("debian")
@Tag("slow")
class MirrorTriggeredTestsTest {
    @TempDir
    Path dir;

    @Test
    void aRealLibrarysReverseDependenciesInTheSeriesAreTestedAndClassified() throws Exception {
        Path dsc = DebianSources.unchanged("libmodule-implementation-perl", dir.resolve("src"));
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"),
                Map.of("LANDER_TRIGGERED_TESTS_MIRROR", "yes", "LANDER_TRIGGERED_TESTS_CAP", "2"),
                "land", "--data", dir.resolve("data").toString(), "--json", "--testbed", "unshare", dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode ticket = Json.MAPPER.readTree(r.stdout());
        JsonNode triggered = ticket.path("triggered_tests");
        List<String> rows = new ArrayList<>();
        triggered.path("results").forEach(t -> rows.add(t.path("source").asText() + "/" + t.path("version").asText() + " "
                + t.path("origin").asText() + " " + t.path("verdict").asText()));
        assertThat(rows).startsWith("libb-hooks-endofscope-perl/0.26-1 mirror PASS",
                "libclass-load-perl/0.25-2 mirror PASS").hasSize(6);
        assertThat(rows.subList(2, 6)).allMatch(row -> row.endsWith(" mirror NOT-RUN"))
                .anyMatch(row -> row.startsWith("libpackage-stash-perl/")).anyMatch(row -> row.startsWith("libparams-validate-perl/"));
        assertThat(triggered.path("done").asInt()).isEqualTo(2);
        assertThat(Files.readString(LandingTest.artifactFile(ticket, "console/find-triggered-tests.log")))
                .contains("looking for triggered tests in bookworm's Sources index");
        assertThat(r.stderr()).contains("2/2 triggered tests");
    }
}
