package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AllocatePpaStepTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    @Test
    void returnsThePpaAsAMap(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, """
                def ppa = allocatePpa ticket: '42'
                echo "name=${ppa.name} apt=${ppa.aptLine}"
                releasePpa ticket: '42'
                """);

        r.assertBuildStatusSuccess(b);
        r.assertLogContains("name=ci-pool-001 apt=deb [trusted=yes] http://127.0.0.1:1/ci-pool-001 bookworm main", b);
        LanderRunAction landing = b.getAction(LanderRunAction.class);
        assertEquals("42", landing.getTicketId());
        assertEquals("Reserve a PPA", landing.getSteps().get(0).getTitle());
        assertEquals("SUCCESS", landing.getSteps().get(0).getOutcome());
        assertEquals("[allocatePpa 42 resuming=false, releasePpa ci-pool-001 resuming=false]", stub.calls.toString());
    }

    @Test
    void refusesAnInvalidTicketIdAndReservesNothing(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, "allocatePpa ticket: '../etc'");

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("ticket must be a ticket id", b);
        assertTrue(stub.calls.isEmpty());
    }

    @Test
    void aPpaTheScriptForgotIsReleasedWhenTheRunEnds(JenkinsRule r) throws Exception {
        WorkflowRun b = StepRuns.run(r, "allocatePpa ticket: '42'");

        r.assertBuildStatusSuccess(b);
        assertTrue(stub.awaitReleased(), "PpaLeakListener released the PPA");
        assertEquals("releasePpa ci-pool-001 resuming=false", stub.calls.get(stub.calls.size() - 1));
    }

    @Test
    void theFirstStepReconcilesThePoolKeepingTicketsThatHoldAPpa(JenkinsRule r) throws Exception {
        Ppa ppa = new Ppa("ci-pool-002", "deb http://127.0.0.1:1/ci-pool-002 bookworm main", "u");
        Journal.open(RunJournal.file(LanderConfiguration.get(), "old#1", "41")).record(Landed.ALLOCATE, ppa);
        Journal released = Journal.open(RunJournal.file(LanderConfiguration.get(), "old#2", "40"));
        released.record(Landed.ALLOCATE, ppa);
        released.record(Landed.RELEASE, ppa.name());

        r.assertBuildStatusSuccess(StepRuns.run(r, "allocatePpa ticket: '42'\nreleasePpa ticket: '42'"));

        assertEquals(List.of(Set.of("41")), stub.reconciled);
    }
}
