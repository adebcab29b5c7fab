package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.RecordingSteps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A builder process for {@link RemoteLandingStepsTest}: {@code step --request FILE --result FILE
 * --data DIR} as {@code lander step} takes it, performing with {@link RecordingSteps} (lander-core
 * has no Debian backend; the CLI's {@code lander step} runs the real one in the two-host test).
 * Exit 0 with the result written, 2 for a bad request.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) throws Exception {
        Path request = Path.of(args[2]);
        Path result = Path.of(args[4]);
        Path data = Files.createDirectories(Path.of(args[6]));
        String json = Files.readString(request, StandardCharsets.UTF_8);
        try {
            StepRequest r = StepRequest.parse(json);
            StepResult outcome = new StepRunner(new RecordingSteps()).perform(r, r.sha256(),
                    StepRunner.check(r, request.getParent()), ConsoleLines.printing(System.out, data));
            Path partial = result.resolveSibling(result.getFileName() + ".partial");
            Files.writeString(partial, outcome.toJson(), StandardCharsets.UTF_8);
            Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE);
        } catch (BadStepRequestException e) {
            System.err.println("bad step request: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
