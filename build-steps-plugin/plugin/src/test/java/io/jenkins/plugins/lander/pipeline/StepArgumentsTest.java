package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.TaskListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps' arguments round-trip through the model the Snippet Generator and Pipeline use, the
 * function names are the documented ones, and the steps that run Debian tools need a node.
 */
@WithJenkins
class StepArgumentsTest {

    private static <T> void roundTrips(Class<T> type, Map<String, Object> arguments) {
        T step = DescribableModel.of(type).instantiate(arguments, TaskListener.NULL);
        assertEquals(arguments, DescribableModel.uninstantiate2_(step).getArguments());
    }

    @Test
    void everyArgumentRoundTrips(JenkinsRule r) {
        roundTrips(AllocatePpaStep.class, Map.of("ticket", "42"));
        roundTrips(WithPpaStep.class, Map.of("ticket", "42"));
        roundTrips(BuildSourceStep.class, Map.of("ticket", "42", "upload", "hello_2.10-3"));
        roundTrips(BuildImageStep.class, Map.of("ticket", "42"));
        roundTrips(RunAutopkgtestStep.class, Map.of("ticket", "42", "upload", "hello_2.10-3"));
        roundTrips(RunAutopkgtestStep.class, Map.of("ticket", "42", "hints", List.of("force-badtest bb/1.0/amd64")));
        roundTrips(PublishStep.class, Map.of("ticket", "42"));
        roundTrips(ReleasePpaStep.class, Map.of("ticket", "42", "error", "build failed"));
    }

    @Test
    void aTicketIdAndHintsAreCheckedBeforeAnythingRuns(JenkinsRule r) {
        assertThrows(IllegalArgumentException.class, () -> new BuildImageStep("../42"));
        assertThrows(IllegalArgumentException.class, () -> new AllocatePpaStep(" "));
        RunAutopkgtestStep tests = new RunAutopkgtestStep("42");
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> tests.setHints(List.of("force-skiptest ../1.0")));
        assertEquals("hints: hint 'force-skiptest ../1.0': '..' is not a source package name", bad.getMessage());
    }

    @Test
    void theDebianStepsNeedANodeAndThePoolStepsDoNot(JenkinsRule r) {
        for (String name : Set.of("buildSource", "buildImage", "runAutopkgtest", "publish")) {
            assertEquals(
                    LandingStepExecution.NODE_CONTEXT,
                    StepDescriptor.byFunctionName(name).getRequiredContext(),
                    name);
        }
        for (String name : Set.of("allocatePpa", "withPpa", "releasePpa")) {
            assertEquals(
                    LandingStepExecution.RUN_CONTEXT,
                    StepDescriptor.byFunctionName(name).getRequiredContext(),
                    name);
        }
        assertEquals(true, StepDescriptor.byFunctionName("withPpa").takesImplicitBlockArgument());
    }
}
