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
    void pidFileListsTheRunningToolAndIsRemovedAfter() throws Exception {
        Path pids = dir.resolve("pids");
        List<String> seen = new ArrayList<>();
        new ProcessRunner(new ToolClock(), pids).run(Command.of("sh", "-c", "ls " + pids), seen::add);
        assertThat(seen).singleElement().asString().matches("[0-9]+");
        try (var files = Files.list(pids)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void killOrphansKillsTheGroupLeftByADeadLander() throws Exception {
        Path pids = Files.createDirectories(dir.resolve("pids"));
        // what a Lander killed by -9 leaves: a tool in its own session, still listed
        Process orphan = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & wait").start();
        String started = orphan.info().startInstant().orElseThrow().toString();
        Files.writeString(pids.resolve(Long.toString(orphan.pid())), started + "\nsh -c sleep\n");
        List<ProcessHandle> children = orphan.descendants().toList();

        List<String> log = new ArrayList<>();
        ProcessRunner.killOrphans(pids, log::add);

        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle child : children) {
            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThat(log).singleElement().asString().startsWith("killing sh -c sleep");
        assertThat(pids.resolve(Long.toString(orphan.pid()))).doesNotExist();
    }
}
