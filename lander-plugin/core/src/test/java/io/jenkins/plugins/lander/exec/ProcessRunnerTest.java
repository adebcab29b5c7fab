package io.jenkins.plugins.lander.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.exec.ProcessRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    @TempDir
    Path dir;

    @Test
    void mergesOutputReturnsExitCodeAndChargesTheClock() throws Exception {
        ToolClock clock = new ToolClock();
        List<String> lines = new ArrayList<>();
        Result r = new ProcessRunner(clock).run(
                new Command("demo", List.of("sh", "-c", "echo out; echo err >&2; exit 3"), dir, java.util.Map.of(), null),
                lines::add);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        assertThat(lines).containsExactlyInAnyOrder("out", "err");
        assertThat(r.tail()).containsExactlyInAnyOrder("out", "err");
        assertThat(clock.byTool()).containsKey("demo");
        assertThat(clock.total()).isPositive();
    }

    @Test
    void timeoutKillsTheTool() throws Exception {
        Result r = new ProcessRunner(new ToolClock()).run(
                Command.of("sleep", "60").withTimeout(Duration.ofMillis(200)), line -> {});
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void trackedToolsAreListedUnderThisProcessWhileTheyRun() throws Exception {
        Path running = dir.resolve("running");
        Path own = running.resolve(Long.toString(ProcessHandle.current().pid()));
        List<String> seen = new ArrayList<>();
        ProcessRunner.tracked(new ToolClock(), running).run(Command.of("sh", "-c", "ls " + own), seen::add);
        assertThat(seen).contains("lock").anyMatch(name -> name.matches("[0-9]+"));
        try (var files = Files.list(own)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("lock");
        }
    }

    @Test
    void killOrphansKillsWhatADeadLanderLeftAndSparesALiveOne() throws Exception {
        Path running = Files.createDirectories(dir.resolve("running"));
        // what a Lander killed by -9 leaves: a tool in its own session, listed under its free lock
        Process orphan = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & wait").start();
        Path dead = Files.createDirectories(running.resolve("999999999"));
        Files.writeString(dead.resolve(Long.toString(orphan.pid())),
                orphan.info().startInstant().orElseThrow() + "\nsh -c sleep\n");
        List<ProcessHandle> children = orphan.descendants().toList();
        // and a Lander that is alive: another process holding its directory's lock
        Process live = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & wait").start();
        Path alive = Files.createDirectories(running.resolve("999999998"));
        Files.writeString(alive.resolve(Long.toString(live.pid())), live.info().startInstant().orElseThrow() + "\nsh\n");
        Process holder = holdLock(alive.resolve("lock"));

        try {
            List<String> log = new ArrayList<>();
            ProcessRunner.killOrphans(running, log::add);

            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            assertThat(log).singleElement().asString().startsWith("killing sh -c sleep");
            assertThat(dead).doesNotExist();
            assertThat(live.isAlive()).isTrue();
            assertThat(alive.resolve(Long.toString(live.pid()))).exists();
        } finally {
            holder.destroyForcibly();
            live.descendants().forEach(ProcessHandle::destroyForcibly);
            live.destroyForcibly();
        }
    }

    /** Another JVM that holds an fcntl lock on the file (as a live Lander does) until it is killed. */
    private Process holdLock(Path file) throws Exception {
        Path source = Files.writeString(dir.resolve("Hold.java"), """
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                        ch.lock();
                        System.out.println("locked");
                        Thread.sleep(300_000);
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
                file.toString()).redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertThat(first).isEqualTo("locked");
        return p;
    }
}
