package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Also the restart tests: a build interrupted by a restart resumes; a done build is never redone. */
class BuildSourceStepTest extends StubbedStepTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TestExtension
    public static final class Backend extends StubBackend {}

    @AfterEach
    void letHeldThreadsGo() {
        stub.gate.countDown();
    }

    private String script(String steps) throws Exception {
        Path dsc = TestUploads.dsc(uploads, "hello", "2.10-3");
        return "def upload = '" + dsc + "'\nallocatePpa ticket: '42'\n" + steps + "\nreleasePpa ticket: '42'\n";
    }

    @Test
    void buildsArchivesTheLogAndReturnsAMap() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = StepRuns.run(r, script("""
                    def build = buildSource ticket: '42', upload: upload, ignoreArchitectures: 'armhf  arm64'
                    echo "built=${build.succeeded} ${build.source} ${build.version} ${build.binaries}"
                    """));

            r.assertBuildStatusSuccess(b);
            r.assertLogContains("built=true hello 2.10-3 [hello_2.10-3_amd64.deb]", b);
            r.assertLogContains("STATUS: building hello_2.10-3", b);
            assertTrue(
                    stub.calls.contains("buildSource hello 2.10-3 ignoring=[armhf, arm64] resuming=false"),
                    stub.calls::toString);
            assertTrue(StepRuns.stored("42").contains("hello_2.10-3/build.log"));
            LanderRunAction landing = b.getAction(LanderRunAction.class);
            assertEquals("hello_2.10-3/build.log", landing.getArchived().get(0).getName());
        });
    }

    @Test
    void aFailedBuildFailsTheStepAfterArchivingItsLog() throws Throwable {
        sessions.then(r -> {
            stub.buildFails = true;
            WorkflowRun b = StepRuns.run(r, script("buildSource ticket: '42', upload: upload"));

            r.assertBuildStatus(Result.FAILURE, b);
            r.assertLogContains("hello 2.10-3: FAILED (dpkg-buildpackage exited 2)", b);
            assertTrue(StepRuns.stored("42").contains("hello_2.10-3/build.log"));
            assertEquals(
                    "FAILED",
                    b.getAction(LanderRunAction.class).getSteps().get(1).getOutcome());
        });
    }

    @Test
    void failOnErrorFalseHandsTheFailureToTheScript() throws Throwable {
        sessions.then(r -> {
            stub.buildFails = true;
            WorkflowRun b = StepRuns.run(r, script("""
                    def build = buildSource ticket: '42', upload: upload, failOnError: false
                    echo "succeeded=${build.succeeded} reason=${build.reason}"
                    """));

            r.assertBuildStatusSuccess(b);
            r.assertLogContains("succeeded=false reason=dpkg-buildpackage exited 2", b);
        });
    }

    @Test
    void refusesAnUploadWhoseFilesDoNotMatch() throws Throwable {
        sessions.then(r -> {
            String s = script("buildSource ticket: '42', upload: upload");
            Files.writeString(uploads.resolve("hello_2.10-3.tar.xz"), "tampered");
            WorkflowRun b = StepRuns.run(r, s);

            r.assertBuildStatus(Result.FAILURE, b);
            r.assertLogContains("invalid source upload", b);
            assertTrue(stub.calls.stream().noneMatch(c -> c.startsWith("buildSource")));
        });
    }

    @Test
    void needsAPpa() throws Throwable {
        sessions.then(r -> {
            Path dsc = TestUploads.dsc(uploads, "hello", "2.10-3");
            WorkflowRun b = StepRuns.run(r, "buildSource ticket: '42', upload: '" + dsc + "'");

            r.assertBuildStatus(Result.FAILURE, b);
            r.assertLogContains("ticket 42 holds no PPA in this run: call allocatePpa first", b);
        });
    }

    @Test
    void aBuildInterruptedByARestartResumes() throws Throwable {
        stub.holdFirst = "buildSource";
        sessions.then(r -> {
            WorkflowJob job = r.createProject(WorkflowJob.class, "land");
            job.setDefinition(new CpsFlowDefinition(script("buildSource ticket: '42', upload: upload"), true));
            job.scheduleBuild2(0).waitForStart();
            assertTrue(stub.awaitEntered());
        });
        sessions.then(r -> {
            WorkflowRun b =
                    r.jenkins.getItemByFullName("land", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            assertEquals("buildSource hello 2.10-3 ignoring=[] resuming=true", stub.calls.get(2));
            assertEquals(
                    1,
                    stub.calls.stream().filter(c -> c.startsWith("allocatePpa")).count());
        });
    }

    @Test
    void aBuildTheJournalRecordsAsDoneIsNeverRedone() throws Throwable {
        sessions.then(r -> {
            // What a controller that died after the build finished, before the step returned, leaves.
            WorkflowJob job = r.createProject(WorkflowJob.class, "land");
            Path dsc = TestUploads.dsc(uploads, "hello", "2.10-3");
            Journal journal = Journal.open(RunJournal.file(LanderConfiguration.get(), "land#1", "42"));
            journal.record(
                    Landed.ALLOCATE, new Ppa("ci-pool-007", "deb http://127.0.0.1:1/ci-pool-007 bookworm main", "u"));
            journal.record(
                    Landed.buildKey("bookworm", dsc.toString()),
                    new BuildResult(
                            "hello",
                            "2.10-3",
                            BuildResult.COMPLETED,
                            null,
                            List.of("hello_2.10-3_amd64.deb"),
                            List.of()));
            job.setDefinition(new CpsFlowDefinition(script("""
                    def build = buildSource ticket: '42', upload: upload
                    echo "recorded=${build.binaries}"
                    """), true));
            WorkflowRun b = r.buildAndAssertSuccess(job);

            r.assertLogContains("recorded=[hello_2.10-3_amd64.deb]", b);
            assertEquals("[releasePpa ci-pool-007 resuming=false]", stub.calls.toString());
        });
    }
}
