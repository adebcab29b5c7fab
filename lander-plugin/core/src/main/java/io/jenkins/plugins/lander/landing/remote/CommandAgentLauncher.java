package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.StepConsole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code lander step} on a builder reached through a command prefix, the way ssh reaches a
 * host ({@code ssh builder}, {@code ip netns exec builder}, or nothing for this machine): the
 * request and its files travel as a tar stream on the standard input of a command that unpacks
 * them in the builder's own work directory, the step runs there with the builder's data
 * directory, and its result file comes back on standard output. The builder opens none of the
 * controller's files. The step's directory is named by the request's identity
 * ({@link StepRequest#sha256()}, the same when the engine re-sends it with {@code resuming}), and
 * {@code lander step} reuses a finished result of the same request (or waits for the one still
 * running), so calling this again after a restart never performs the action twice.
 */
public final class CommandAgentLauncher implements AgentLauncher {
    private final List<String> prefix;
    private final String builderWork;
    private final List<String> lander;
    private final String builderData;
    private final ProcessRunner runner;

    /**
     * @param prefix the command that runs its arguments on the builder
     * @param builderWork the builder's directory for step directories (a path on the builder)
     * @param lander the {@code lander} command on the builder
     * @param builderData the builder's data directory (a path on the builder)
     */
    public CommandAgentLauncher(List<String> prefix, String builderWork, List<String> lander, String builderData,
            ProcessRunner runner) {
        this.prefix = List.copyOf(prefix);
        this.builderWork = builderWork;
        this.lander = List.copyOf(lander);
        this.builderData = builderData;
        this.runner = runner;
    }

    @Override
    public String run(String action, String requestJson, StepConsole console) throws Exception {
        StepRequest request = StepRequest.parse(requestJson);
        String dir = builderWork + "/" + request.sha256().substring(0, 24);
        stage(request, requestJson, dir, console);
        List<String> step = new ArrayList<>(prefix);
        step.addAll(lander);
        step.addAll(List.of("step", "--request", dir + "/request.json", "--result", dir + "/result.json",
                "--data", builderData));
        ProcessRunner.Result r = runner.run(Command.of(step), line -> ConsoleLines.forward(line, console));
        if (!r.ok()) {
            throw new IOException("lander step " + action + " failed on the builder (exit " + r.exitCode()
                    + (r.exitCode() == 2 ? ", bad request" : "") + "): " + String.join(" | ", r.tail()));
        }
        List<String> result = new ArrayList<>();
        List<String> cat = new ArrayList<>(prefix);
        cat.addAll(List.of("cat", dir + "/result.json"));
        ProcessRunner.Result c = runner.run(Command.of(cat), result::add);
        if (!c.ok()) {
            throw new IOException("could not read the result of " + action + " from the builder: " + String.join(" | ", c.tail()));
        }
        return String.join("\n", result);
    }

    /** Sends the request and its files to the builder's step directory as a tar stream. */
    private void stage(StepRequest request, String requestJson, String dir, StepConsole console) throws Exception {
        Path out = console.workDir().resolve("to-builder");
        Path files = out.resolve("files");
        Files.createDirectories(files);
        Files.writeString(files.resolve("request.json"), requestJson, StandardCharsets.UTF_8);
        for (StagedFile f : request.files()) {
            Files.copy(Path.of(f.from()), files.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path tar = out.resolve("request.tar");
        ProcessRunner.Result packed = runner.run(Command.of("tar", "-cf", tar.toString(), "-C", files.toString(), "."), console.out()::println);
        if (!packed.ok()) {
            throw new IOException("could not pack the request of " + request.action() + ": " + String.join(" | ", packed.tail()));
        }
        List<String> unpack = new ArrayList<>(prefix);
        unpack.addAll(List.of("sh", "-c", "mkdir -p \"$1\" && exec tar -xf - -C \"$1\"", "lander-stage", dir));
        // ProcessRunner closes a tool's standard input; this one reads the tar from it
        Process p = new ProcessBuilder(unpack).redirectInput(tar.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("could not stage the request of " + request.action() + " on the builder: " + output);
        }
    }
}
