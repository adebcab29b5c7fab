package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps' arguments round-trip through the model the Snippet Generator and Pipeline use
 * (constructor, setters and getters agree), and the function names are the documented ones.
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
        roundTrips(
                BuildSourceStep.class,
                Map.of(
                        "ticket",
                        "42",
                        "upload",
                        "/srv/hello_2.10-3.dsc",
                        "series",
                        "bookworm",
                        "ignoreArchitectures",
                        "armhf",
                        "failOnError",
                        false));
        roundTrips(BuildImageStep.class, Map.of("ticket", "42", "packages", "hello libfoo1"));
        roundTrips(
                RunAutopkgtestStep.class,
                Map.of(
                        "ticket",
                        "42",
                        "upload",
                        "/srv/hello_2.10-3.dsc",
                        "junitFile",
                        "results/hello.xml",
                        "failOnError",
                        false));
        roundTrips(PublishStep.class, Map.of("ticket", "42", "series", "bookworm"));
        roundTrips(ReleasePpaStep.class, Map.of("ticket", "42"));
    }

    @Test
    void functionNames(JenkinsRule r) {
        assertEquals("allocatePpa", new AllocatePpaStep.DescriptorImpl().getFunctionName());
        assertEquals("buildSource", new BuildSourceStep.DescriptorImpl().getFunctionName());
        assertEquals("buildImage", new BuildImageStep.DescriptorImpl().getFunctionName());
        assertEquals("runAutopkgtest", new RunAutopkgtestStep.DescriptorImpl().getFunctionName());
        assertEquals("publish", new PublishStep.DescriptorImpl().getFunctionName());
        assertEquals("releasePpa", new ReleasePpaStep.DescriptorImpl().getFunctionName());
    }

    @Test
    void mandatoryArgumentsAreChecked(JenkinsRule r) {
        assertThrows(
                IllegalArgumentException.class,
                () -> DescribableModel.of(BuildSourceStep.class)
                        .instantiate(Map.of("ticket", "42", "upload", " "), TaskListener.NULL));
        assertThrows(
                IllegalArgumentException.class,
                () -> DescribableModel.of(PublishStep.class).instantiate(Map.of("ticket", "a b"), TaskListener.NULL));
    }
}
