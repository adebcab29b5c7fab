package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression gating end to end, on real sbuild, autopkgtest and aptly: a test archive of
 * {@code liba} with two reverse dependencies, landed by the Lander first ({@code bbb}, whose test
 * checks liba's answer, and {@code cc}, whose test always fails); then a new liba that breaks bbb.
 * The names are in no Debian release: an upload must be newer than the base archive's version
 * ({@code checkUploads}), and Debian has a source {@code bb} at 1.3rc1-13.
 */
@Tag("debian")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriggeredTestsTest {
    @TempDir
    static Path dir;

    /** {@code lander land --data DATA ARGS…}. */
    private static LanderProcess.Result land(String name, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("land", "--data", dir.resolve("data").toString()));
        argv.addAll(List.of(args));
        return LanderProcess.run(dir.resolve("runs").resolve(name), Map.of(), argv.toArray(String[]::new));
    }

    /** The regression table's rows: {@code SRC/VERSION ARCH VERDICT}. */
    static List<String> rows(JsonNode ticket) {
        List<String> out = new ArrayList<>();
        ticket.path("triggered_tests").path("results")
                .forEach(r -> out.add(r.path("source").asText() + "/" + r.path("version").asText() + " "
                        + r.path("architecture").asText() + " " + r.path("verdict").asText()));
        return out;
    }

    private static List<String> archive() throws Exception {
        return archive(dir);
    }

    /** {@code lander archive list} of {@code DIR/data}: {@code NAME VERSION ARCH}. */
    static List<String> archive(Path dir) throws Exception {
        LanderProcess.Result r = LanderProcess.run(dir.resolve("runs").resolve("archive-" + System.nanoTime()), Map.of(),
                "archive", "list", "--data", dir.resolve("data").toString(), "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return StreamSupport.stream(Json.MAPPER.readTree(r.stdout()).spliterator(), false)
                .map(p -> p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("architecture").asText())
                .toList();
    }

    @Test
    @Order(1)
    void theTestArchiveIsLandedByTheLander() throws Exception {
        Path out = Files.createDirectories(dir.resolve("v1"));
        Path liba = SyntheticPackages.library(out, "1.0", "42");
        Path bbb = SyntheticPackages.reverseDependency(out, "bbb", "1.0", "[ \"$(liba-answer)\" = 42 ]");
        Path cc = SyntheticPackages.reverseDependency(out, "cc", "1.0", "echo cc is broken; false");
        // cc's own test fails: it is landed anyway, as a package that fails with and without liba
        LanderProcess.Result r = land("archive", "--json", "--ignore-failure", "image-testing",
                liba.toString(), bbb.toString(), cc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Json.MAPPER.readTree(r.stdout()).path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(archive()).contains("liba 1.0 source", "bbb 1.0 source", "cc 1.0 source", "bbb-bin 1.0 all");
    }

    @Test
    @Order(2)
    void aNewLibraryThatBreaksBbFailsAt400WithBbAsRegressionAndNothingPublished() throws Exception {
        Path liba = SyntheticPackages.library(Files.createDirectories(dir.resolve("v2")), "2.0", "41");
        LanderProcess.Result r = land("breaks", "--json", liba.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(999);
        assertThat(t.path("failed_step").asInt()).isEqualTo(400);
        assertThat(t.path("reason").asText()).startsWith("triggered tests regressed: bbb/1.0 (amd64) REGRESSION")
                .doesNotContain("cc/1.0");
        assertThat(rows(t)).containsExactly("bbb/1.0 amd64 REGRESSION", "cc/1.0 amd64 ALWAYSFAIL");
        assertThat(t.path("triggered_tests").path("done").asInt()).isEqualTo(2);
        assertThat(t.path("triggered_tests").path("results").get(0).path("baseline_exit_code").asInt()).isZero();
        assertThat(r.stderr()).contains("triggered tests");
        assertThat(LandingTest.artifactNames(t)).contains("triggered/bbb/junit.xml", "triggered/cc/junit.xml",
                "console/run-triggered-test_liba_2.0_bbb_amd64.log");
        assertThat(Files.readString(LandingTest.artifactFile(t, "triggered/bbb/junit.xml")))
                .contains("value=\"REGRESSION\"", "<failure");
        assertThat(archive()).contains("liba 1.0 source").doesNotContain("liba 2.0 source");
    }

    @Test
    @Order(3)
    void aBadHintIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path liba = dir.resolve("v2").resolve("liba_2.0.dsc");
        LanderProcess.Result r = land("bad-hint", "--hint", "force-badtest bbb", liba.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--hint", "'bbb' is not SRC/VERSION");
    }

    @Test
    @Order(4)
    void forceBadtestOfBbLetsItLandAndCcStaysAlwaysfailAcrossAKillAfterBbsResult() throws Exception {
        Path liba = dir.resolve("v2").resolve("liba_2.0.dsc");
        String bbb = "run-triggered-test/liba_2.0/bbb/amd64";
        LanderProcess.Result killed = LanderProcess.run(dir.resolve("runs").resolve("hinted"), Map.of("LANDER_CRASH_AT",
                bbb + "@done"), "land", "--data", dir.resolve("data").toString(), "--json", "--hint", "force-badtest bbb/1.0",
                liba.toString());
        assertThat(killed.exitCode()).as(killed.stderr()).isEqualTo(137);
        LanderProcess.Result r = LanderProcess.run(dir.resolve("runs").resolve("hinted-resume"), Map.of(), "resume", "--data",
                dir.resolve("data").toString(), "--json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(t.path("id").asText()).as("the refused hint made no ticket").isEqualTo("3");
        assertThat(t.path("hints").get(0).asText()).isEqualTo("force-badtest bbb/1.0");
        assertThat(rows(t)).containsExactly("bbb/1.0 amd64 IGNORE-FAIL", "cc/1.0 amd64 ALWAYSFAIL");
        List<String> journal = Files.readAllLines(dir.resolve("data/tickets/3/journal.jsonl"));
        assertThat(journal).as("bbb's finished test is not run again")
                .filteredOn(l -> l.contains("\"action\":\"" + bbb + "\"") && l.contains("\"state\":\"started\"")).hasSize(1);
        assertThat(Files.readString(LandingTest.artifactFile(t, "console/run-triggered-test_liba_2.0_cc_amd64.log")))
                .contains("baseline of cc_1.0").contains("(cached");
        assertThat(archive()).contains("liba 2.0 source");
    }
}
