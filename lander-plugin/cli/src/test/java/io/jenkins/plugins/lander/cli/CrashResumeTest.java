package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lander killed at every step, then resumed: the ticket completes, no completed action is
 * performed twice, none is lost, the PPA is not leaked and the package is published once.
 */
@Tag("debian")
class CrashResumeTest {
    @TempDir
    static Path dir;

    private static final AtomicInteger VERSION = new AtomicInteger();

    /** Every landing on the shared data directory must be newer than the last one the archive holds. */
    private static String nextVersion(String label) {
        return "1.0+" + VERSION.incrementAndGet() + label;
    }

    private static Path data() {
        return dir.resolve("data");
    }

    /**
     * One ticket, killed once in every step: each process dies at the next crash point, and the
     * next {@code lander resume} carries the same ticket on. {@code @started} kills an action after
     * it was journaled and before it ran (it must be redone, reconciling); {@code @done} kills it
     * after it was done and before the Lander moved on (it must not be redone).
     */
    @ParameterizedTest(name = "kill -9 at every {0}")
    @ValueSource(strings = {"started", "done"})
    void killedInEveryStepThenResumed(String point) throws Exception {
        String version = nextVersion("crash");
        String key = "hello-lander_" + version;
        List<String> actions = List.of("allocate-ppa", "build-source/" + key, "build-image", "run-autopkgtest/" + key,
                "find-triggered-tests", "publish", "release-ppa");
        Path run = dir.resolve(key);
        Path dsc = ExamplePackages.dsc("pass", version, Files.createDirectories(run.resolve("src")));

        LanderProcess.Result result = LanderProcess.run(run.resolve("0"), Map.of("LANDER_CRASH_AT", actions.get(0) + "@" + point),
                "land", "--data", data().toString(), "--json", dsc.toString());
        for (int i = 1; i <= actions.size(); i++) {
            assertThat(result.exitCode()).as("killed at %s@%s: %s", actions.get(i - 1), point, result.stderr()).isEqualTo(137);
            assertThat(result.stdout()).isEmpty();
            Map<String, String> env = i < actions.size() ? Map.of("LANDER_CRASH_AT", actions.get(i) + "@" + point) : Map.of();
            result = LanderProcess.run(run.resolve(Integer.toString(i)), env, "resume", "--data", data().toString(), "--json");
        }
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        // killed even after its release, the ticket is resumed: only its verdict was left to save
        assertThat(result.stderr()).contains("resuming ticket");
        JsonNode ticket = Json.MAPPER.readTree(result.stdout());
        assertThat(ticket.path("subtickets").get(0).path("version").asText()).isEqualTo(version);
        assertThat(ticket.path("current_workflow_step").asInt()).isEqualTo(1000);

        List<JsonNode> journal = journal(ticket.path("id").asText());
        for (String a : actions) {
            assertThat(count(journal, a, "done")).as("%s done", a).isEqualTo(1);
            // an action killed before it was recorded done is performed a second time, never a third
            assertThat(count(journal, a, "started")).as("%s started", a).isEqualTo(point.equals("started") ? 2 : 1);
        }
        assertThat(published()).filteredOn(p -> p.startsWith("hello-lander " + version + " ")).containsExactlyInAnyOrder(
                "hello-lander " + version + " source", "hello-lander " + version + " amd64");
        assertNoPpaLeaked();
    }

    private static long count(List<JsonNode> journal, String action, String state) {
        return journal.stream()
                .filter(e -> e.path("action").asText().equals(action) && e.path("state").asText().equals(state))
                .count();
    }

    /** A real SIGKILL while sbuild runs: its orphans are killed and the build is redone once. */
    @Test
    void sigkillDuringSbuild() throws Exception {
        String version = nextVersion("sigkill");
        String key = "hello-lander_" + version;
        Path run = dir.resolve(key);
        Path dsc = ExamplePackages.dsc("pass", version, Files.createDirectories(run.resolve("src")));
        Process lander = LanderProcess.start(run.resolve("land"), Map.of(), "land", "--data", data().toString(), dsc.toString());

        // wait for sbuild's own output, proof that the build is under way (or for an early exit)
        while (findBuildLogWithOutput(key) == null && !lander.waitFor(1, TimeUnit.SECONDS)) {
            continue;
        }
        assertThat(lander.isAlive()).as("the landing should still be building").isTrue();
        lander.destroyForcibly();
        assertThat(lander.waitFor(30, TimeUnit.SECONDS)).isTrue();

        LanderProcess.Result resumed = LanderProcess.run(run.resolve("resume"), Map.of(), "resume", "--data", data().toString(), "--json");
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(published()).filteredOn(p -> p.equals("hello-lander " + version + " source")).hasSize(1);
        assertNoPpaLeaked();
    }

    private Path findBuildLogWithOutput(String key) throws Exception {
        Path tickets = data().resolve("tickets");
        if (!Files.isDirectory(tickets)) {
            return null;
        }
        try (var files = Files.walk(tickets)) {
            return files.filter(f -> f.getFileName().toString().equals("build-source_" + key + ".log"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("sbuild");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    })
                    .findFirst().orElse(null);
        } catch (java.io.UncheckedIOException e) {
            return null; // a directory appeared or vanished under the walk
        }
    }

    private List<JsonNode> journal(String ticketId) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(data().resolve("tickets").resolve(ticketId).resolve("journal.jsonl"))) {
            entries.add(Json.MAPPER.readTree(line));
        }
        return entries;
    }

    /** {@code name version architecture} of every package in the archive. */
    private List<String> published() throws Exception {
        LanderProcess.Result archive = LanderProcess.run(dir.resolve("archive"), Map.of(),
                "archive", "list", "--data", data().toString(), "--json");
        assertThat(archive.exitCode()).as(archive.stderr()).isZero();
        return StreamSupport.stream(Json.MAPPER.readTree(archive.stdout()).spliterator(), false)
                .map(p -> p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("architecture").asText())
                .toList();
    }

    private void assertNoPpaLeaked() throws Exception {
        LanderProcess.Result pool = LanderProcess.run(dir.resolve("pool"), Map.of(), "pool", "--data", data().toString(), "--json");
        assertThat(pool.exitCode()).as(pool.stderr()).isZero();
        for (JsonNode ppa : Json.MAPPER.readTree(pool.stdout())) {
            assertThat(ppa.path("state").asText()).as(ppa.toString()).isEqualTo("free");
        }
    }
}
