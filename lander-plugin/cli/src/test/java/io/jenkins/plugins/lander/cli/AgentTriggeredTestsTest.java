package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression gating where the steps run on a builder ({@code LANDER_AGENT_COMMAND}, the path of
 * Jenkins agents and of the two-host landing): the builder is {@code lander step} on this machine
 * (the command prefix {@code env}) with its own data and step directories, reaching the archive
 * and the PPAs only at the PPA service this Lander serves. The archive of {@link
 * TriggeredTestsTest} (liba and its reverse dependency bbb) is landed locally first; then a liba
 * that breaks bbb's test is refused at 400 with bbb as REGRESSION, and lands with force-badtest.
 */
@Tag("debian")
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentTriggeredTestsTest {
    @TempDir
    static Path dir;

    /** The controller's environment: the PPA service here, every step on the builder. */
    private static Map<String, String> agents() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Map.of(
                "LANDER_PPA_TOKEN", "a-token-of-the-agent-test-0123456789",
                "LANDER_AGENT_COMMAND", "env",
                "LANDER_AGENT_WORK", dir.resolve("builder/steps").toString(),
                "LANDER_AGENT_DATA", dir.resolve("builder/data").toString(),
                "LANDER_AGENT_LANDER", java + " -cp " + System.getProperty("java.class.path") + " "
                        + LanderCli.class.getName());
    }

    private static LanderProcess.Result land(String name, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("land", "--data", dir.resolve("data").toString(), "--json"));
        argv.addAll(List.of(args));
        return LanderProcess.run(dir.resolve("runs").resolve(name), env, argv.toArray(String[]::new));
    }

    private static List<String> rows(JsonNode ticket) {
        return TriggeredTestsTest.rows(ticket);
    }

    private static List<String> archive() throws Exception {
        return TriggeredTestsTest.archive(dir);
    }

    /** The requests the builder was sent, by action (its step directories hold each request). */
    private static List<String> builderActions() throws Exception {
        try (Stream<Path> steps = Files.list(dir.resolve("builder/steps"))) {
            List<String> actions = new ArrayList<>();
            for (Path step : steps.toList()) {
                JsonNode request = Json.MAPPER.readTree(step.resolve("request.json").toFile());
                actions.add(request.path("action").asText()
                        + (request.path("action").asText().startsWith("run-triggered-test/")
                                ? (request.path("withTrigger").asBoolean() ? " with" : " baseline") : ""));
            }
            return actions;
        }
    }

    @Test
    @Order(1)
    void theTestArchiveIsLandedLocally() throws Exception {
        Path out = Files.createDirectories(dir.resolve("v1"));
        Path liba = SyntheticPackages.library(out, "1.0", "42");
        Path bbb = SyntheticPackages.reverseDependency(out, "bbb", "1.0", "[ \"$(liba-answer)\" = 42 ]");
        LanderProcess.Result r = land("archive", Map.of(), liba.toString(), bbb.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(archive()).contains("liba 1.0 source", "bbb 1.0 source", "bbb-bin 1.0 all");
    }

    @Test
    @Order(2)
    void aLibraryThatBreaksBbbOnTheBuilderFailsAt400WithBbbAsRegressionAndNothingPublished() throws Exception {
        Path liba = SyntheticPackages.library(Files.createDirectories(dir.resolve("v2")), "2.0", "41");
        LanderProcess.Result r = land("breaks", agents(), liba.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("failed_step").asInt()).as(r.stderr()).isEqualTo(400);
        assertThat(t.path("reason").asText()).startsWith("triggered tests regressed: bbb/1.0 (amd64) REGRESSION");
        assertThat(rows(t)).containsExactly("bbb/1.0 amd64 REGRESSION");
        assertThat(t.path("triggered_tests").path("results").get(0).path("baseline_exit_code").asInt()).isZero();
        // the builder read the archive at the PPA service and ran both runs; its logs and JUnit came back
        assertThat(Files.readString(LandingTest.artifactFile(t, "console/find-triggered-tests.log")))
                .containsPattern("looking for triggered tests in http://127\\.0\\.0\\.1:[0-9]+/archive/dists/bookworm/main");
        assertThat(r.stderr()).contains("run-triggered-test/liba_2.0/bbb/amd64: done");
        assertThat(builderActions()).contains("find-triggered-tests", "testbed", "run-triggered-test/liba_2.0/bbb/amd64 with",
                "run-triggered-test/liba_2.0/bbb/amd64 baseline").doesNotContain("publish");
        assertThat(LandingTest.artifactNames(t)).contains("triggered/bbb/junit.xml",
                "console/run-triggered-test_liba_2.0_bbb_amd64.log")
                .anyMatch(n -> n.startsWith("triggered/bbb/amd64/with-liba_2.0/"))
                .anyMatch(n -> n.startsWith("triggered/bbb/amd64/baseline/"));
        assertThat(Files.readString(LandingTest.artifactFile(t, "triggered/bbb/junit.xml")))
                .contains("value=\"REGRESSION\"", "<failure");
        assertThat(archive()).contains("liba 1.0 source").doesNotContain("liba 2.0 source");
    }

    @Test
    @Order(3)
    void forceBadtestOfBbbLetsItLandThroughTheBuilder() throws Exception {
        Path liba = dir.resolve("v2").resolve("liba_2.0.dsc");
        LanderProcess.Result r = land("hinted", agents(), "--hint", "force-badtest bbb/1.0", liba.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(rows(t)).containsExactly("bbb/1.0 amd64 IGNORE-FAIL");
        assertThat(archive()).contains("liba 2.0 source");
    }
}
