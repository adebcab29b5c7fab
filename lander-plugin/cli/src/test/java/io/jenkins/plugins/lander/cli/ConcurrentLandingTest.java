package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code lander land} processes on one data directory, on real sbuild, autopkgtest and
 * aptly: tickets that share no source package land side by side, one that shares a source waits
 * for the earlier one, a landing killed beside a running one is resumed without redoing what it
 * finished, and a ticket's uploads build in the order their build dependencies need.
 */
@Tag("debian")
class ConcurrentLandingTest {
    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Process land(String run, Map<String, String> env, Path... uploads) throws Exception {
        List<String> args = new ArrayList<>(List.of("land", "--data", data().toString(), "--json"));
        for (Path u : uploads) {
            args.add(u.toString());
        }
        return LanderProcess.start(dir.resolve("runs").resolve(run), env, args.toArray(String[]::new));
    }

    private JsonNode finished(String run, Process p) throws Exception {
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as(run + " finished").isTrue();
        Path out = dir.resolve("runs").resolve(run);
        assertThat(p.exitValue()).as(run + ": " + Files.readString(out.resolve("stderr"))).isZero();
        return Json.MAPPER.readTree(Files.readString(out.resolve("stdout")));
    }

    private Path upload(String name, String version, String buildDepends) throws Exception {
        return ExamplePackages.named(name, version, buildDepends, Files.createDirectories(dir.resolve("src").resolve(name + "-" + version)));
    }

    /** The journal of a ticket: one node per line. */
    private List<JsonNode> journal(String id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(data().resolve("tickets").resolve(id).resolve("journal.jsonl"))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    private Instant at(String id, String actionPrefix, String state) throws Exception {
        return journal(id).stream()
                .filter(e -> e.path("action").asText().startsWith(actionPrefix) && e.path("state").asText().equals(state))
                .map(e -> Instant.parse(e.path("time").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("ticket " + id + " has no " + actionPrefix + "@" + state));
    }

    @Test
    void ticketsSharingNoSourceLandSideBySideAndOneSharingASourceWaitsForTheFirst() throws Exception {
        Path alpha = upload("alpha-lander", "1.0", null);
        Path beta = upload("beta-lander", "1.0", null);
        Path alphaAgain = upload("alpha-lander", "1.1", null);

        Process first = land("alpha", Map.of(), alpha);
        Process second = land("beta", Map.of(), beta);
        // queued while the first alpha lands
        await().atMost(Duration.ofMinutes(10)).until(() -> Files.readString(dir.resolve("runs/alpha/stderr")).contains("[200 "));
        Process third = land("alpha-again", Map.of(), alphaAgain);
        JsonNode a = finished("alpha", first);
        JsonNode b = finished("beta", second);
        JsonNode c = finished("alpha-again", third);

        String ia = a.path("id").asText();
        String ib = b.path("id").asText();
        String ic = c.path("id").asText();
        assertThat(List.of(ia, ib, ic)).doesNotHaveDuplicates();
        assertThat(List.of(a, b, c)).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("COMPLETED"));
        // alpha and beta were building at the same time
        assertThat(at(ia, "build-source/", "started")).isBefore(at(ib, "build-source/", "done"));
        assertThat(at(ib, "build-source/", "started")).isBefore(at(ia, "build-source/", "done"));
        // the second alpha did not start before the first had released its PPA
        assertThat(at(ic, "allocate-ppa", "started")).isAfterOrEqualTo(at(ia, "release-ppa", "done"));
        assertThat(archive()).contains("alpha-lander 1.1 source", "beta-lander 1.0 source");
    }

    @Test
    void aLandingKilledBesideARunningOneIsResumedWithoutRedoingItsBuild() throws Exception {
        Path gamma = upload("gamma-lander", "1.0", null);
        Path delta = upload("delta-lander", "1.0", null);

        Process killed = land("gamma", Map.of("LANDER_CRASH_AT", "build-source/gamma-lander_1.0@done"), gamma);
        Process running = land("delta", Map.of(), delta);
        assertThat(killed.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(killed.exitValue()).as(Files.readString(dir.resolve("runs/gamma/stderr"))).isEqualTo(137);
        JsonNode d = finished("delta", running);
        assertThat(d.path("status").asText()).isEqualTo("COMPLETED");

        LanderProcess.Result resumed = LanderProcess.run(dir.resolve("runs/resume"), Map.of(), "resume", "--data", data().toString(),
                "--json");
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        String gammaId = Files.list(data().resolve("tickets")).map(p -> p.getFileName().toString())
                .filter(id -> !id.equals(d.path("id").asText())).findFirst().orElseThrow();
        LanderProcess.Result shown = LanderProcess.run(dir.resolve("runs/show"), Map.of(), "ticket", "show", gammaId, "--data",
                data().toString(), "--json");
        assertThat(Json.MAPPER.readTree(shown.stdout()).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(journal(gammaId)).filteredOn(e -> e.path("action").asText().startsWith("build-source/")
                && e.path("state").asText().equals("started")).hasSize(1);
        LanderProcess.Result pool = LanderProcess.run(dir.resolve("runs/pool"), Map.of(), "pool", "--data", data().toString(), "--json");
        assertThat(pool.exitCode()).as(pool.stderr()).isZero();
        // every PPA is free again: nothing of either landing holds one
        assertThat(Json.MAPPER.readTree(pool.stdout())).isNotEmpty()
                .allSatisfy(ppa -> assertThat(ppa.path("ticket_id").isMissingNode() || ppa.path("ticket_id").isNull()).as(ppa.toString()).isTrue());
        assertThat(archive()).contains("gamma-lander 1.0 source", "delta-lander 1.0 source");
    }

    @Test
    void uploadsBuildInTheOrderTheirBuildDependenciesNeedWhateverOrderTheyAreGiven() throws Exception {
        Path base = upload("base-lander", "2.0", null);
        Path user = upload("user-lander", "1.0", "base-lander (>= 2.0)");

        // the dependent upload first: the engine builds base-lander 2.0 before it
        JsonNode t = finished("pair", land("pair", Map.of(), user, base));

        assertThat(t.path("status").asText()).as(t.toString()).isEqualTo("COMPLETED");
        String id = t.path("id").asText();
        assertThat(at(id, "build-source/user-lander", "started")).isAfterOrEqualTo(at(id, "build-source/base-lander", "done"));
        assertThat(archive()).contains("base-lander 2.0 amd64", "user-lander 1.0 amd64");
    }

    private List<String> archive() throws Exception {
        LanderProcess.Result r = LanderProcess.run(dir.resolve("runs").resolve("archive-" + System.nanoTime()), Map.of(), "archive",
                "list", "--data", data().toString(), "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return StreamSupport.stream(Json.MAPPER.readTree(r.stdout()).spliterator(), false)
                .map(p -> p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("architecture").asText())
                .toList();
    }
}
