package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.DebianSources;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code lander land} end to end on real sbuild, mmdebstrap, autopkgtest and aptly: our example,
 * its broken-build and failing-test variants, and a real Debian package.
 */
@Tag("debian")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LandingTest {
    @TempDir
    static Path dir;

    private static Path data() {
        return dir.resolve("data");
    }

    static LanderProcess.Result lander(String name, String... args) throws Exception {
        return LanderProcess.run(dir.resolve("runs").resolve(name), Map.of(), args);
    }

    static JsonNode json(LanderProcess.Result r) throws Exception {
        return Json.MAPPER.readTree(r.stdout());
    }

    /** The ticket's artifacts and its subtickets'. */
    static List<JsonNode> artifacts(JsonNode ticket) {
        List<JsonNode> all = new java.util.ArrayList<>();
        ticket.path("artifacts").forEach(all::add);
        ticket.path("subtickets").forEach(s -> s.path("artifacts").forEach(all::add));
        return all;
    }

    static List<String> artifactNames(JsonNode ticket) {
        return artifacts(ticket).stream().map(a -> a.path("name").asText()).toList();
    }

    static Path artifactFile(JsonNode ticket, String suffix) {
        JsonNode a = artifacts(ticket).stream().filter(x -> x.path("name").asText().endsWith(suffix)).findFirst().orElseThrow(
                () -> new AssertionError("no artifact ending in " + suffix + " in " + artifactNames(ticket)));
        return Path.of(java.net.URI.create(a.path("reference").asText()));
    }

    @Test
    @Order(1)
    void examplePackageLandsEndToEnd() throws Exception {
        Path dsc = ExamplePackages.dsc("pass", "1.0+t1", Files.createDirectories(dir.resolve("good")));
        LanderProcess.Result r = lander("good", "land", "--data", data().toString(), "--json", dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = json(r);
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(t.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(t.path("id").asText()).isNotBlank();
        assertThat(t.path("subtickets")).hasSize(1);
        assertThat(t.path("subtickets").get(0).path("source_package").asText()).isEqualTo("hello-lander");
        assertThat(artifactNames(t)).contains("sources/hello-lander_1.0+t1.dsc", "console/allocate-ppa.log");
        assertThat(Files.readString(artifactFile(t, "build.log"))).contains("hello-lander");
        assertThat(Files.readString(artifactFile(t, "junit.xml"))).contains("greets");
        assertThat(r.stderr()).contains("[200 Package Building]", "[400 Image Testing]", "[1000 Complete]");
        // where the time went: every step, per upload for build and test, and the tools' share
        JsonNode timings = t.path("timings");
        assertThat(StreamSupport.stream(timings.path("steps").spliterator(), false)
                .map(s -> s.path("step").asText() + " " + s.path("source").asText("")).toList())
                .containsExactly("allocate ", "build hello-lander", "image ", "test hello-lander", "publish ", "release ");
        assertThat(timings.path("steps").get(1).path("seconds").asDouble()).isPositive();
        assertThat(timings.path("tools").path("sbuild").asDouble()).isPositive();
        assertThat(timings.path("wall_seconds").asDouble())
                .isGreaterThanOrEqualTo(timings.path("tools").path("sbuild").asDouble());

        LanderProcess.Result archive = lander("archive", "archive", "list", "--data", data().toString(), "--json");
        assertThat(archive.exitCode()).as(archive.stderr()).isZero();
        List<String> packages = StreamSupport.stream(json(archive).spliterator(), false)
                .map(p -> p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("architecture").asText())
                .toList();
        assertThat(packages).contains("hello-lander 1.0+t1 source", "hello-lander 1.0+t1 amd64");

        LanderProcess.Result shown = lander("show", "ticket", "show", t.path("id").asText(), "--data", data().toString(), "--json");
        assertThat(json(shown).path("current_workflow_step").asInt()).isEqualTo(1000);
    }

    @Test
    @Order(2)
    void aVersionTheArchiveHasIsRefusedUpFront() throws Exception {
        Path dsc = ExamplePackages.dsc("pass", "1.0+t1", Files.createDirectories(dir.resolve("again")));
        List<String> ticketsBefore = ticketDirectories();
        LanderProcess.Result r = lander("again", "land", "--data", data().toString(), "--json", dsc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains(
                "hello-lander 1.0+t1 is not newer than 1.0+t1 in the Lander's bookworm archive; upload a newer version");
        assertThat(r.stdout()).isEmpty();
        assertThat(ticketDirectories()).isEqualTo(ticketsBefore);
    }

    private static List<String> ticketDirectories() throws Exception {
        try (var dirs = Files.list(data().resolve("tickets"))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @Order(3)
    void brokenBuildFailsAtPackageBuildingWithItsLog() throws Exception {
        Path dsc = ExamplePackages.dsc("broken-build", "1.0+t2", Files.createDirectories(dir.resolve("broken")));
        LanderProcess.Result r = lander("broken", "land", "--data", data().toString(), "--json", dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.FAILED);
        JsonNode t = json(r);
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(999);
        assertThat(t.path("failed_step").asInt()).isEqualTo(200);
        assertThat(Files.readString(artifactFile(t, "build.log"))).contains("this is not C");
        assertThat(artifactNames(t)).noneMatch(n -> n.contains("autopkgtest"));
        assertThat(archiveVersions()).doesNotContain("1.0+t2");
    }

    @Test
    @Order(4)
    void failingTestFailsAtImageTestingWithJUnit() throws Exception {
        Path dsc = ExamplePackages.dsc("failing-test", "1.0+t3", Files.createDirectories(dir.resolve("failing")));
        LanderProcess.Result r = lander("failing", "land", "--data", data().toString(), "--json", dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.FAILED);
        JsonNode t = json(r);
        assertThat(t.path("failed_step").asInt()).isEqualTo(400);
        // the reason names the failing test, as autopkgtest's summary does
        assertThat(t.path("reason").asText()).matches("hello-lander_1\\.0\\+t3: autopkgtest FAIL \\(exit 4\\): greets FAIL .+");
        assertThat(t.path("subtickets").get(0).path("tests").get(0).path("result").asText()).isEqualTo("FAIL");
        // no packages requested: the first ticket's test image serves this one too
        assertThat(artifactNames(t)).contains("image/manifest.json").doesNotContain("image/mmdebstrap.log");
        String junit = Files.readString(artifactFile(t, "junit.xml"));
        assertThat(junit).contains("greets").contains("<failure");
        assertThat(Files.readString(artifactFile(t, ".subunit"))).contains("failure: greets");
        assertThat(archiveVersions()).doesNotContain("1.0+t3");
    }

    /** Debian's own hello: the series' version is refused (bookworm has it), a local rebuild of it lands. */
    @Test
    @Order(5)
    void realDebianPackageLands() throws Exception {
        Path original = DebianSources.download("hello", dir.resolve("hello-original"));
        LanderProcess.Result refused = lander("hello-original", "land", "--data", data().toString(), "--json",
                original.toString());
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(refused.stderr()).contains("hello 2.10-3 is not newer than 2.10-3 in bookworm");

        Path dsc = DebianSources.unchanged("hello", dir.resolve("hello"));
        LanderProcess.Result r = lander("hello", "land", "--data", data().toString(), "--json", dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = json(r);
        assertThat(t.path("subtickets").get(0).path("source_package").asText()).isEqualTo("hello");
        assertThat(t.path("subtickets").get(0).path("version").asText()).isEqualTo("2.10-3+lander1");
        assertThat(Files.readString(artifactFile(t, "junit.xml"))).contains("testcase");
    }

    private List<String> archiveVersions() throws Exception {
        LanderProcess.Result archive = lander("archive-check", "archive", "list", "--data", data().toString(), "--json");
        return StreamSupport.stream(json(archive).spliterator(), false).map(p -> p.path("version").asText()).toList();
    }
}
