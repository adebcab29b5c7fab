package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code runAutopkgtest}'s {@code hints:} argument: britney's hints, as {@code lander land --hint}
 * and the bridge's {@code hints} give them, carried into the engine's ticket before its triggered
 * tests run; a bad one fails the step before anything runs.
 */
@WithJenkins
class RunAutopkgtestHintsTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    private static String landing(String ticket, String hints) {
        return "withPpa(ticket: '" + ticket + "') {\n"
                + "  node {\n"
                + "    buildSource ticket: '" + ticket + "'\n"
                + "    buildImage ticket: '" + ticket + "'\n"
                + "    runAutopkgtest ticket: '" + ticket + "', hints: " + hints + "\n"
                + "    publish ticket: '" + ticket + "'\n"
                + "  }\n"
                + "}\n";
    }

    @Test
    void aForceBadtestHintOfTheStepLetsTheRegressedTicketLand(JenkinsRule r) throws Exception {
        stub.reverseDependencies.put("bb", new int[] {4, 0});
        String t = TestTickets.hello(uploads);

        WorkflowRun b = StepRuns.run(r, landing(t, "['force-badtest bb/1.0']"));

        r.assertBuildStatusSuccess(b);
        assertTrue(stub.calls.stream().anyMatch(c -> c.startsWith("publish ")), stub.calls::toString);
        assertTrue(
                stub.calls.stream().noneMatch(c -> c.startsWith("runTriggeredTest bb without")),
                "a hinted failure needs no baseline: " + stub.calls);
        assertEquals(
                List.of("bb IGNORE-FAIL"),
                LanderRunAction.of(b, t).getTriggered().stream()
                        .map(row -> row.getSource() + " " + row.getVerdict())
                        .toList());
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertEquals(
                    List.of("force-badtest bb/1.0"),
                    lease.engine().tickets().find(t).orElseThrow().getHints());
        }
    }

    @Test
    void aBadHintFailsTheStepNamingItBeforeAnythingRuns(JenkinsRule r) throws Exception {
        String t = TestTickets.hello(uploads);

        WorkflowRun b = StepRuns.run(r, "node { runAutopkgtest ticket: '" + t + "', hints: ['force-hint bb/1.0'] }");

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("hints: hint 'force-hint bb/1.0': unknown hint 'force-hint'", b);
        assertTrue(stub.calls.isEmpty(), stub.calls::toString);
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertTrue(lease.engine().tickets().find(t).orElseThrow().getHints().isEmpty());
        }
    }
}
