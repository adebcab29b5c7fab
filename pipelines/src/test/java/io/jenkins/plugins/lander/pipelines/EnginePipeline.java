package io.jenkins.plugins.lander.pipelines;

import io.jenkins.plugins.lander.landing.EngineFixture;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.landing.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code pipelines/lander.groovy} in the harness with its landing steps bound to the engine's
 * {@link PipelineSteps}, as the Jenkins step executions bind them: a step that fails the run
 * throws as Jenkins' AbortException does.
 */
final class EnginePipeline {
    static final Path SCRIPT = Path.of("lander.groovy");

    private EnginePipeline() {}

    static PipelineHarness of(EngineFixture engine, String ticket) {
        PipelineSteps steps = new PipelineSteps(engine.engine, new LandingListener() {});
        return new PipelineHarness(SCRIPT)
                .param("TICKET_ID", ticket)
                .param("TITLE", "a ticket")
                .step("allocatePpa", args -> call(() -> steps.allocatePpa(arg(args, "ticket"))))
                .step("buildSource", args -> call(() -> steps.buildSource(arg(args, "ticket"), arg(args, "upload"))))
                .step("buildImage", args -> call(() -> steps.buildImage(arg(args, "ticket"))))
                .step("runAutopkgtest", args -> call(() -> steps.runAutopkgtest(arg(args, "ticket"), arg(args, "upload"),
                        hints(args))))
                .step("publish", args -> call(() -> steps.publish(arg(args, "ticket"))))
                .step("releasePpa", args -> call(() -> steps.releasePpa(arg(args, "ticket"), arg(args, "error"))));
    }

    @FunctionalInterface
    private interface StepCall {
        Map<String, Object> call() throws Exception;
    }

    private static Object call(StepCall call) throws Exception {
        try {
            return call.call();
        } catch (StepFailedException e) {
            throw new PipelineHarness.PipelineError(e.getMessage());
        }
    }

    /** The step's {@code hints:} list, as the Jenkins step's structs binding gives it. */
    private static List<String> hints(List<Object> args) {
        Object value = args.isEmpty() || !(args.get(0) instanceof Map<?, ?> map) ? null : map.get("hints");
        return value == null ? List.of() : ((List<?>) value).stream().map(Object::toString).toList();
    }

    private static String arg(List<Object> args, String name) {
        Object value = args.isEmpty() || !(args.get(0) instanceof Map<?, ?> map) ? null : map.get(name);
        return value == null ? null : value.toString();
    }
}
