package io.jenkins.plugins.lander.exec;

import io.jenkins.plugins.lander.FileTrees;
import java.io.BufferedReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the external Debian tools. Output (stdout and stderr merged, as a person sees it in a
 * terminal) goes line by line to a sink, the time spent is charged to the {@link ToolClock}, and an
 * interrupted caller kills the tool's whole process tree rather than leaving sbuild behind.
 *
 * <p>A {@link #tracked} runner runs each tool in its own session ({@code setsid}) and lists it
 * under {@code RUNNING/PID/} (PID: this Lander process, which holds {@code RUNNING/PID/lock} for
 * its life), so that after a {@code kill -9} of the Lander, whichever Lander resumes its work
 * first kills what the dead one left running ({@link #killOrphans}); tools of live Landers on the
 * same data directory are left alone.
 */
public final class ProcessRunner {
    private final ToolClock clock;
    private final Path pidDir;

    public ProcessRunner(ToolClock clock) {
        this(clock, null);
    }

    private ProcessRunner(ToolClock clock, Path pidDir) {
        this.clock = clock;
        this.pidDir = pidDir;
    }

    /** A runner whose tools this process lists under {@code runningRoot/PID/}, holding its lock. */
    public static synchronized ProcessRunner tracked(ToolClock clock, Path runningRoot) throws IOException {
        Path dir = runningRoot.toAbsolutePath().normalize().resolve(Long.toString(ProcessHandle.current().pid()));
        if (!dir.equals(ownDir)) {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                throw new IOException(dir + " is locked by another process");
            }
            ownLock = channel; // held, and with it the lock, until this process ends
            ownDir = dir;
        }
        return new ProcessRunner(clock, dir);
    }

    private static final String LOCK = "lock";
    private static Path ownDir;
    @SuppressWarnings("unused") // holds the OS lock
    private static FileChannel ownLock;

    public ToolClock clock() {
        return clock;
    }

    public Result run(Command command, Consumer<String> output) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (pidDir != null) {
            // the tool waits for its pid file to be on disk (stdin closes after that), so no tool
            // ever runs untracked; setsid execs in place and keeps the pid
            argv.addAll(List.of("sh", "-c", "read -r _; exec setsid \"$@\"", "lander-tool"));
        }
        argv.addAll(command.argv());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (command.directory() != null) {
            pb.directory(command.directory().toFile());
        }
        pb.environment().putAll(command.environment());
        long start = System.nanoTime();
        Process process = pb.start();
        Path pidFile = track(process, command);
        process.getOutputStream().close();
        List<String> tail = new ArrayList<>();
        Thread pump = new Thread(() -> pump(process, output, tail), "output of " + command.tool());
        pump.setDaemon(true);
        pump.start();
        try {
            boolean finished = command.timeout() == null
                    ? waitFor(process)
                    : process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                destroyTree(process);
                pump.join();
                return new Result(-1, true, List.copyOf(tail));
            }
            pump.join();
            return new Result(process.exitValue(), false, List.copyOf(tail));
        } catch (InterruptedException e) {
            destroyTree(process);
            throw e;
        } finally {
            clock.add(command.tool(), System.nanoTime() - start);
            if (pidFile != null) {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private Path track(Process process, Command command) throws IOException {
        if (pidDir == null) {
            return null;
        }
        Files.createDirectories(pidDir);
        String started = process.info().startInstant().map(Object::toString).orElse("");
        return Files.writeString(pidDir.resolve(Long.toString(process.pid())), started + "\n" + String.join(" ", command.argv()) + "\n");
    }

    /**
     * Kills the tools that Lander processes which died left running under {@code runningRoot}
     * (their directory's lock is free), and forgets them. Call it before resuming a dead
     * process's work.
     */
    public static synchronized void killOrphans(Path runningRoot, Consumer<String> log) throws IOException, InterruptedException {
        if (!Files.isDirectory(runningRoot)) {
            return;
        }
        try (var dirs = Files.list(runningRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                if (dir.toAbsolutePath().normalize().equals(ownDir)) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    if (lock == null) {
                        continue; // that Lander is alive
                    }
                    killListed(dir, log);
                }
                FileTrees.delete(dir);
            }
        }
    }

    /** Kills this process's own tools, for a Lander stopping at once (Ctrl-C). */
    public static synchronized void killOwn(Consumer<String> log) throws IOException, InterruptedException {
        if (ownDir != null) {
            killListed(ownDir, log);
        }
    }

    private static void killListed(Path dir, Consumer<String> log) throws IOException, InterruptedException {
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("[0-9]+")).toList()) {
                long pid = Long.parseLong(file.getFileName().toString());
                List<String> lines = Files.readAllLines(file);
                String started = lines.isEmpty() ? "" : lines.get(0);
                boolean same = ProcessHandle.of(pid)
                        .map(h -> h.info().startInstant().map(Object::toString).orElse("").equals(started))
                        .orElse(false);
                if (same) {
                    log.accept("killing " + (lines.size() > 1 ? lines.get(1) : "process " + pid));
                    new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
                }
                Files.deleteIfExists(file);
            }
        }
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    private static void pump(Process process, Consumer<String> output, List<String> tail) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > Result.TAIL_LINES) {
                        tail.remove(0);
                    }
                }
                output.accept(line);
            }
        } catch (IOException e) {
            output.accept("[lander] lost tool output: " + e.getMessage());
        }
    }

    private static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /**
     * @param tool the name the time is charged to (sbuild, autopkgtest, aptly, mmdebstrap…)
     * @param timeout null for none
     */
    public record Command(String tool, List<String> argv, Path directory, Map<String, String> environment, Duration timeout) {
        public Command {
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
        }

        public static Command of(String... argv) {
            return new Command(Path.of(argv[0]).getFileName().toString(), List.of(argv), null, Map.of(), null);
        }

        public static Command of(List<String> argv) {
            return new Command(Path.of(argv.get(0)).getFileName().toString(), argv, null, Map.of(), null);
        }

        public Command in(Path dir) {
            return new Command(tool, argv, dir, environment, timeout);
        }

        public Command withEnvironment(Map<String, String> env) {
            return new Command(tool, argv, directory, env, timeout);
        }

        public Command withTimeout(Duration limit) {
            return new Command(tool, argv, directory, environment, limit);
        }
    }

    /** @param tail the last lines of output, for an error message */
    public record Result(int exitCode, boolean timedOut, List<String> tail) {
        static final int TAIL_LINES = 40;

        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }
}
