package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
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

    private static Path data() {
        return dir.resolve("data");
    }

    @ParameterizedTest(name = "kill -9 at {0}")
    @ValueSource(strings = {
        "reserve@started", "build:KEY@started", "build:KEY@done", "image@started",
        "test:KEY@started", "publish@started", "publish@done", "release@started"
    })
    void killedAtEveryStepThenResumed(String crashPoint) throws Exception {
        String version = "1.0+crash" + VERSION.incrementAndGet();
        String key = "hello-lander_" + version;
        Path run = dir.resolve(key);
        Path dsc = ExamplePackage.build(Files.createDirectories(run.resolve("src")), ExamplePackage.Variant.GOOD, version);

        LanderProcess.Result crashed = LanderProcess.run(run.resolve("land"),
                Map.of("LANDER_CRASH_AT", crashPoint.replace("KEY", key)),
                "land", "--data", data().toString(), "--json", dsc.toString());
        assertThat(crashed.exitCode()).as(crashed.stderr()).isEqualTo(137);
        assertThat(crashed.stdout()).isEmpty();

        LanderProcess.Result resumed = LanderProcess.run(run.resolve("resume"), Map.of(),
                "resume", "--data", data().toString(), "--json");
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stderr()).contains("resuming ticket");
        JsonNode ticket = Json.MAPPER.readTree(resumed.stdout());
        assertThat(ticket.path("current_workflow_step").asInt()).isEqualTo(1000);

        String action = crashPoint.substring(0, crashPoint.indexOf('@')).replace("KEY", key);
        List<JsonNode> journal = journal(ticket.path("id").asText());
        for (String a : List.of("reserve", "build:" + key, "image", "test:" + key, "publish", "release")) {
            long done = journal.stream().filter(e -> e.path("action").asText().equals(a) && e.path("state").asText().equals("done")).count();
            long started = journal.stream().filter(e -> e.path("action").asText().equals(a) && e.path("state").asText().equals("started")).count();
            assertThat(done).as("%s done", a).isEqualTo(1);
            // only the action killed before it was recorded done is performed a second time
            assertThat(started).as("%s started", a).isEqualTo(a.equals(action) && crashPoint.endsWith("@started") ? 2 : 1);
        }
        assertThat(publishedVersions()).filteredOn(v -> v.equals(version + " source")).hasSize(1);
        assertNoPpaLeaked();
    }

    /** A real SIGKILL while sbuild runs: its orphans are killed and the build is redone once. */
    @Test
    void sigkillDuringSbuild() throws Exception {
        String version = "1.0+sigkill";
        String key = "hello-lander_" + version;
        Path run = dir.resolve(key);
        Path dsc = ExamplePackage.build(Files.createDirectories(run.resolve("src")), ExamplePackage.Variant.GOOD, version);
        Process lander = LanderProcess.start(run.resolve("land"), Map.of(), "land", "--data", data().toString(), dsc.toString());

        // wait for sbuild's own output, proof that the build is under way (or for an early exit)
        while (findBuildLogWithOutput() == null && !lander.waitFor(1, TimeUnit.SECONDS)) {
            continue;
        }
        assertThat(lander.isAlive()).as("the landing should still be building").isTrue();
        lander.destroyForcibly();
        assertThat(lander.waitFor(30, TimeUnit.SECONDS)).isTrue();

        LanderProcess.Result resumed = LanderProcess.run(run.resolve("resume"), Map.of(), "resume", "--data", data().toString(), "--json");
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(publishedVersions()).filteredOn(v -> v.equals(version + " source")).hasSize(1);
        assertNoPpaLeaked();
    }

    private Path findBuildLogWithOutput() throws Exception {
        Path tickets = data().resolve("tickets");
        if (!Files.isDirectory(tickets)) {
            return null;
        }
        try (var files = Files.walk(tickets)) {
            return files.filter(f -> f.getFileName().toString().equals("build_hello-lander_1.0+sigkill.log"))
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

    private List<String> publishedVersions() throws Exception {
        LanderProcess.Result archive = LanderProcess.run(dir.resolve("archive"), Map.of(),
                "archive", "list", "--data", data().toString(), "--json");
        assertThat(archive.exitCode()).as(archive.stderr()).isZero();
        return StreamSupport.stream(Json.MAPPER.readTree(archive.stdout()).spliterator(), false)
                .map(p -> p.path("version").asText() + " " + p.path("architecture").asText())
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
