package io.jenkins.plugins.lander.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code lander} as users do, in its own JVM, so exit codes, stdout/stderr and a real
 * {@code kill -9} (the crash tests) are those of the real command.
 */
final class LanderProcess {
    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = start(workDir, env, args);
        if (!p.waitFor(40, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("lander " + String.join(" ", args) + " did not finish in 40 minutes");
        }
        return new Result(p.exitValue(),
                Files.readString(workDir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    static Process start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingLanderCli.class.getName()));
        argv.addAll(List.of(args));
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout").toFile())
                .redirectError(workDir.resolve("stderr").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** A running {@code lander serve} and the URL it printed. */
    record Server(Process process, java.net.URI url) {}

    private static final java.util.regex.Pattern SERVING = java.util.regex.Pattern.compile("Ticket System on (http://\\S+)");

    /** Starts {@code lander serve --port 0 ARGS} and waits until it says where it serves. */
    static Server serve(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("serve", "--port", "0"));
        argv.addAll(List.of(args));
        Process p = start(workDir, env, argv.toArray(String[]::new));
        String[] url = new String[1];
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("lander serve exited: " + Files.readString(workDir.resolve("stderr")));
                }
                java.util.regex.Matcher m = SERVING.matcher(Files.readString(workDir.resolve("stderr"), StandardCharsets.UTF_8));
                if (m.find()) {
                    url[0] = m.group(1);
                }
                return url[0] != null;
            });
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw new AssertionError("lander serve did not say where it serves; stderr: "
                    + Files.readString(workDir.resolve("stderr")), e);
        }
        return new Server(p, java.net.URI.create(url[0]));
    }

    private LanderProcess() {}
}
