package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RunAutopkgtestStepTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    private WorkflowRun land(JenkinsRule r, String test) throws Exception {
        Path dsc = TestUploads.dsc(uploads, "hello", "2.10-3");
        return StepRuns.run(
                r,
                "node {\n  def upload = '" + dsc + "'\n  allocatePpa ticket: '42'\n"
                        + "  buildSource ticket: '42', upload: upload\n  buildImage ticket: '42'\n" + test + "\n}\n");
    }

    @Test
    void writesJUnitXmlShowsProgressAndVerdicts(JenkinsRule r) throws Exception {
        WorkflowRun b = land(r, """
                  def t = runAutopkgtest ticket: '42', upload: upload
                  echo "passed=${t.passed} outcome=${t.outcome} tests=${t.verdicts.size()} junit=${t.junit}"
                  junit t.junit
                """);

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("passed=true outcome=PASS tests=2 junit=autopkgtest/hello_2.10-3.dsc.xml", b);
        r.assertLogContains("[2/2] smoke", b);
        String xml = r.jenkins
                .getWorkspaceFor(b.getParent())
                .child("autopkgtest/hello_2.10-3.dsc.xml")
                .readToString();
        assertTrue(xml.contains("<testcase classname=\"autopkgtest.hello\" name=\"greets\">"), xml);
        assertTrue(StepRuns.stored("42").contains("hello_2.10-3/autopkgtest/junit.xml"));
        LanderRunAction landing = b.getAction(LanderRunAction.class);
        assertEquals(2, landing.getVerdicts().size());
        assertTrue(landing.getVerdicts().get(1).isSuperficial());
    }

    @Test
    void failedTestsFailTheStepAfterWritingTheResults(JenkinsRule r) throws Exception {
        stub.testOutcome = TestOutcome.FAIL;
        WorkflowRun b =
                land(r, "  try { runAutopkgtest ticket: '42', upload: upload } finally { junit 'autopkgtest/*.xml' }");

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains(
                "Run autopkgtest of hello_2.10-3.dsc on bookworm failed: hello 2.10-3: FAIL (exit code 4)", b);
        String xml = r.jenkins
                .getWorkspaceFor(b.getParent())
                .child("autopkgtest/hello_2.10-3.dsc.xml")
                .readToString();
        assertTrue(xml.contains("<failure message=\"non-zero exit status 1\"/>"), xml);
    }

    @Test
    void needsTheTestImage(JenkinsRule r) throws Exception {
        Path dsc = TestUploads.dsc(uploads, "hello", "2.10-3");
        WorkflowRun b = StepRuns.run(
                r, "node {\n allocatePpa ticket: '42'\n runAutopkgtest ticket: '42', upload: '" + dsc + "'\n}");

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("no bookworm test image for ticket 42 in this run: call buildImage first", b);
    }
}
