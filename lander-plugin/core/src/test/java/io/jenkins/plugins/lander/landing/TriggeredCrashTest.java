package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.rdeps.BaselineCache;
import io.jenkins.plugins.lander.rdeps.TriggeredVerdict;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's lesson (britney crashed after requesting each test, before recording it, and asked
 * again for all of them): {@code kill -9} of a Lander in the middle of a fan-out of 20 triggered
 * tests, then a resume. What the tests' double recorded across both processes decides.
 */
class TriggeredCrashTest {
    @TempDir
    Path dir;

    @Test
    void killedDuringTheFanOutItRunsNoFinishedTestAgainLosesNoneAndCachesNoHalfBaseline() throws Exception {
        Path out = dir.resolve("land.out");
        Process p = launch(out, 8, "land");
        await().atMost(Duration.ofMinutes(2)).until(() -> read(out).contains("CRASH-POINT") || !p.isAlive());
        assertThat(p.isAlive()).as("stopped at the crash point: %s", read(out)).isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        String ticket = "1";
        Journal journal = Journal.open(dir.resolve("tickets").resolve(ticket).resolve("journal.jsonl"));
        Set<String> doneBefore = new TreeSet<>();
        for (Journal.Entry e : journal.entries()) {
            if (e.action().startsWith("run-triggered-test/") && e.state() == Journal.State.done) {
                doneBefore.add(e.action().split("/")[2]);
            }
        }
        assertThat(doneBefore).as("the crash came mid fan-out").hasSize(8);
        Map<String, Long> runsBefore = runs();
        assertThat(runsBefore.keySet()).as("others were running when it was killed").hasSizeGreaterThan(doneBefore.size());
        Set<String> baselinedBefore = baselined();
        assertBaselinesWhole();

        Path resumed = dir.resolve("resume.out");
        Process r = launch(resumed, 0, "resume");
        assertThat(r.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(r.exitValue()).as(read(resumed)).isZero();
        assertThat(read(resumed)).contains("LANDED 1 999 FAILED");

        Map<String, Long> runs = runs();
        for (int i = 1; i <= TriggeredCrashMain.FAN_OUT; i++) {
            String s = String.format("r%02d", i);
            long with = runs.getOrDefault(s + " with liba_1.1", 0L);
            if (doneBefore.contains(s)) {
                assertThat(with).as("%s had finished: not run again", s).isEqualTo(1);
            } else {
                assertThat(with).as("%s had not finished: run (again) once", s)
                        .isEqualTo(runsBefore.getOrDefault(s + " with liba_1.1", 0L) + 1);
            }
            long without = runs.getOrDefault(s + " without", 0L);
            boolean regresses = i % 2 == 1;
            if (baselinedBefore.contains(s)) {
                assertThat(without).as("%s's cached baseline is not run again", s).isEqualTo(1);
            } else {
                assertThat(without).as("%s's baseline", s).isLessThanOrEqualTo(regresses ? 2 : 0);
            }
        }
        assertBaselinesWhole();
        assertThat(baselined()).hasSize(TriggeredCrashMain.FAN_OUT / 2);

        try (EngineFixture f = new EngineFixture(dir, new RecordingSteps(), new EngineSettings(4, 4, Duration.ofMinutes(1)))) {
            Ticket t = f.stored(ticket);
            assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
            assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
            assertThat(t.getTriggeredTests().done()).isEqualTo(TriggeredCrashMain.FAN_OUT);
            assertThat(t.getTriggeredTests().regressions()).hasSize(TriggeredCrashMain.FAN_OUT / 2);
            assertThat(t.getTriggeredTests().results()).extracting(x -> x.verdict())
                    .containsOnly(TriggeredVerdict.REGRESSION, TriggeredVerdict.PASS);
        }
    }

    /** How many times each run happened, across both processes ("r01 with liba_1.1", "r01 without"). */
    private Map<String, Long> runs() throws IOException {
        return Files.readAllLines(dir.resolve("runs.log"), StandardCharsets.UTF_8).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private Set<String> baselined() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path f : new BaselineCache(dir.resolve("baselines")).files()) {
            if (f.getFileName().toString().endsWith(".json")) {
                out.add(f.getFileName().toString().split("_")[0]);
            }
        }
        return out;
    }

    /** Every baseline in the cache reads whole; a temporary file a crash left is never taken for one. */
    private void assertBaselinesWhole() throws IOException {
        for (Path f : new BaselineCache(dir.resolve("baselines")).files()) {
            if (f.getFileName().toString().endsWith(".json")) {
                BaselineCache.Baseline b = Json.MAPPER.readValue(Files.readAllBytes(f), BaselineCache.Baseline.class);
                assertThat(b.exitCode()).as(f.toString()).isZero();
                assertThat(b.verdicts()).isNotEmpty();
            } else {
                assertThat(f.getFileName().toString()).startsWith(".baseline-").endsWith(".tmp");
            }
        }
    }

    private Process launch(Path out, int crashAfter, String mode) throws IOException {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dlander.test.crashAfter=" + crashAfter,
                TriggeredCrashMain.class.getName(), dir.toString(), mode));
        return new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
