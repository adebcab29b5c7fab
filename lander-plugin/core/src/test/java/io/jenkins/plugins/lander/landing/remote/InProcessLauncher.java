package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.StepConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the builder's side in this JVM, on a directory of its own: stages the request and its
 * files there as a launcher must, then checks and performs it with {@link StepRunner}.
 */
final class InProcessLauncher implements AgentLauncher {
    private final Path builder;
    private final LandingSteps backend;
    int runs;

    InProcessLauncher(Path builder, LandingSteps backend) {
        this.builder = builder;
        this.backend = backend;
    }

    @Override
    public String run(String action, String requestJson, StepConsole console) throws Exception {
        runs++;
        StepRequest request = StepRequest.parse(requestJson);
        Path dir = Files.createDirectories(builder.resolve("steps").resolve(Integer.toString(runs)));
        Files.writeString(dir.resolve("request.json"), requestJson, StandardCharsets.UTF_8);
        for (StagedFile f : request.files()) {
            Files.copy(Path.of(f.from()), dir.resolve(f.name()));
        }
        Path work = Files.createDirectories(builder.resolve("work").resolve(Integer.toString(runs)));
        StepConsole agent = new ForwardingConsole(console, work);
        return new StepRunner(backend)
                .perform(request, request.sha256(), StepRunner.check(request, dir), agent)
                .toJson();
    }

    /** The builder's console: the controller's calls, the builder's own work directory. */
    private record ForwardingConsole(StepConsole controller, Path workDir) implements StepConsole {
        @Override
        public java.io.PrintStream out() {
            return controller.out();
        }

        @Override
        public void progress(int current, int total, String message) {
            controller.progress(current, total, message);
        }

        @Override
        public void state(String state, String message) {
            controller.state(state, message);
        }
    }
}
