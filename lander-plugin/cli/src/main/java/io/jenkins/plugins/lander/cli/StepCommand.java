package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.remote.BadStepRequestException;
import io.jenkins.plugins.lander.landing.remote.ConsoleLines;
import io.jenkins.plugins.lander.landing.remote.StepRequest;
import io.jenkins.plugins.lander.landing.remote.StepResult;
import io.jenkins.plugins.lander.landing.remote.StepRunner;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.steps.LandingBackends;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lander step}: the builder's side of one action, what a controller's agent launcher
 * runs. Reads a {@code StepRequest}, performs it with this machine's tools (the backend and
 * testbed of {@code LANDER_BACKEND} and {@code LANDER_TESTBED} in its environment, as the
 * controller's: {@link LandingBackends#builder}) against the PPA service the request names, or
 * Launchpad, and writes the {@code StepResult} atomically. Exit 0 when the result
 * was written (a failed build is a result), 2 for a bad request, 1 for an internal error.
 *
 * <p>Run again with the same request, it waits for a step still running on it and then, like
 * after a finished one, answers with the result already written: a controller that restarted
 * re-attaches instead of building twice. Tools left by a step process that died are killed first.
 * A question ({@code find-triggered-tests}, {@code testbed}) changes nothing and is answered afresh.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Performs one landing action on this builder (build-source, build-image, run-autopkgtest,"
                + " find-triggered-tests, run-triggered-test, publish) or answers testbed.")
public final class StepCommand implements Callable<Integer> {
    /** A request is a few kilobytes; its files travel beside it. */
    private static final long MAX_REQUEST = 16L << 20;
    static final String TOKEN_VARIABLE = "LANDER_PPA_TOKEN";
    private static final int TOTAL = 3;

    @Option(names = "--request", paramLabel = "FILE", required = true, description = "The step request (JSON); its files beside it.")
    Path request;

    @Option(names = "--result", paramLabel = "FILE", required = true, description = "Where to write the step result (JSON).")
    Path result;

    @Mixin
    DataOption data;

    private final Map<String, String> env;

    public StepCommand() {
        this(System.getenv());
    }

    StepCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        Path requestFile = request.toAbsolutePath().normalize();
        Path resultFile = result.toAbsolutePath().normalize();
        byte[] bytes = readRequest(requestFile);
        StepRequest req = parse(bytes);
        // the request's identity leaves resuming out: a re-sent request finds the first attempt's result
        String sha = req.sha256();
        if (resultFile.getParent() == null || !Files.isDirectory(resultFile.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException("--result: the directory of " + resultFile + " does not exist");
        }
        if (Files.isSymbolicLink(resultFile)) {
            throw new BadInputException("--result: " + resultFile + " is a symbolic link");
        }
        Path root = data.resolve();
        Files.createDirectories(root);
        PrintStream out = System.out;
        try (FileChannel channel = FileChannel.open(resultFile.resolveSibling(resultFile.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                out.println("another lander step is performing this request; waiting for it to finish");
                held = channel.lock();
            }
            try (FileLock lock = held) {
                if (!req.isQuestion() && finished(resultFile, sha)) {
                    out.println("[" + TOTAL + "/" + TOTAL + "] " + req.action() + " was already performed: " + resultFile);
                    return LanderCli.COMPLETED;
                }
                return perform(req, sha, requestFile.getParent(), resultFile, root, out);
            }
        }
    }

    private int perform(StepRequest req, String sha, Path requestDir, Path resultFile, Path root, PrintStream out)
            throws Exception {
        List<SourceUpload> uploads;
        try {
            uploads = StepRunner.check(req, requestDir);
        } catch (BadStepRequestException e) {
            throw new BadInputException("bad step request " + request + ": " + e.getMessage());
        }
        String token = env.get(TOKEN_VARIABLE);
        String kind;
        try {
            kind = LandingBackends.kind(env);
            LandingBackends.check(env); // the controller's choices, as it gave them: before anything is made
        } catch (IllegalArgumentException e) {
            throw new BadInputException("lander step: " + e.getMessage());
        }
        if (kind.equals(LandingBackends.LOCAL) && (token == null || token.isBlank())) {
            throw new BadInputException(TOKEN_VARIABLE + " is not set: the builder needs the PPA service's token");
        }
        out.println("[1/" + TOTAL + "] " + req.action() + ": request checked (" + uploads.size() + " uploads, PPA "
                + req.ppa() + " at " + req.ppaService() + ")");
        Path running = root.resolve("running");
        ProcessRunner.killOrphans(running, line -> out.println("lander step: left by a step that died: " + line));
        ProcessRunner runner = ProcessRunner.tracked(new ToolClock(), running);
        // whether the mirror's index is searched is the controller's configuration, not the builder's
        LocalConfig config = LocalConfig.fromEnvironment(root.resolve("backend"), env).withMirrorTriggers(req.mirrorIndex());
        Path work = Files.createDirectories(root.resolve("work").resolve(sha.substring(0, 24)));
        StepResult outcome;
        try (PrintStream log = new PrintStream(new Tee(out, Files.newOutputStream(work.resolve("step.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)), true, StandardCharsets.UTF_8)) {
            StepConsole console = ConsoleLines.printing(log, work);
            console.progress(2, TOTAL, "performing " + req.action() + (req.resuming() ? " (resuming)" : ""));
            LandingSteps backend;
            try {
                backend = LandingBackends.builder(root.resolve("backend"), env, config, runner,
                        req.ppaService() == null ? null : URI.create(req.ppaService()), token, req.series());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("lander step: " + e.getMessage());
            }
            try {
                outcome = new StepRunner(backend).perform(req, sha, uploads, console);
            } catch (BadStepRequestException e) {
                throw new BadInputException("bad step request " + request + ": " + e.getMessage());
            }
        }
        Path partial = resultFile.resolveSibling("." + resultFile.getFileName() + ".partial");
        Files.writeString(partial, outcome.toJson(), StandardCharsets.UTF_8);
        Files.move(partial, resultFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        out.println("[3/" + TOTAL + "] " + req.action() + ": " + (outcome.error() == null ? "done" : "error: " + outcome.error())
                + "; result in " + resultFile);
        return LanderCli.COMPLETED;
    }

    private static byte[] readRequest(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new BadInputException("--request: " + file + " is a symbolic link");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException("--request: " + file + " is missing or not a regular file");
        }
        if (Files.size(file) > MAX_REQUEST) {
            throw new BadInputException("--request: " + file + " is larger than " + MAX_REQUEST + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private StepRequest parse(byte[] bytes) {
        try {
            return StepRequest.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (BadStepRequestException e) {
            throw new BadInputException("bad step request " + request + ": " + e.getMessage());
        }
    }

    /** A result of this very request is already there (a retry, or a controller that restarted). */
    private static boolean finished(Path resultFile, String sha) {
        if (!Files.isRegularFile(resultFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return sha.equals(StepResult.parse(Files.readString(resultFile, StandardCharsets.UTF_8)).requestSha256());
        } catch (IOException e) {
            return false; // not a result of ours: performed again and replaced
        }
    }

    /** The step's output to the launcher and to its log on the builder. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            a.flush();
            b.close();
        }
    }
}
