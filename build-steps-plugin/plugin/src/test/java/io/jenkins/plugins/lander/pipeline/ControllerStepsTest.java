package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.User;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.PpaHolders;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps' controller side against the stub backend: withPpa, the engine's conflict rule and
 * slots on the steps' path, the PPA held by ticket, which runs may land, one journal per ticket, and the engine a reconfiguration replaces. (The agent side is {@link AgentStepsTest}.)
 */
@WithJenkins
class ControllerStepsTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    private static WorkflowRun start(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).waitForStart();
    }

    /** The configuration's "Require tests" is the engine's policy, as --require-tests is the CLI's. */
    @Test
    void requireTestsOfTheConfigurationIsTheEnginesSetting(JenkinsRule r) throws Exception {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertFalse(lease.engine().settings().requireTests());
        }
        LanderConfiguration.get().setRequireTests(true);
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertTrue(lease.engine().settings().requireTests());
        }
    }

    @Test
    void withPpaReleasesThePpaAndClosesTheTicketWhenTheBodyFails(JenkinsRule r) throws Exception {
        String t = TestTickets.hello(uploads);

        WorkflowRun b = r.waitForCompletion(start(
                r, "land", "withPpa(ticket: '" + t + "') { echo \"in ${env.LANDER_PPA}\"; error 'the body broke' }"));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("in ci-pool-001", b);
        r.assertLogContains("the body broke", b);
        assertEquals(
                List.of("allocatePpa", "releasePpa"),
                stub.calls.stream().map(c -> c.split(" ")[0]).toList());
        assertNull(PpaHolders.get().holder(t), "the run no longer holds the ticket");
    }

    /** allocatePpa and withPpa count against the same slots, and releasePpa starts the waiting withPpa. */
    @Test
    void aWithPpaWaitingForASlotHoldsNoThreadAndStartsWhenAnAllocatePpaRunReleases(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setPoolSize(1);
        String first = TestTickets.hello(uploads);
        String second = other(uploads);
        stub.holdFirst = "buildSource";

        WorkflowRun a = start(
                r,
                "a",
                "allocatePpa ticket: '" + first + "'\nnode { buildSource ticket: '" + first
                        + "' }\nreleasePpa ticket: '" + first + "'");
        assertTrue(stub.awaitEntered());
        WorkflowRun b = start(r, "b", "withPpa(ticket: '" + second + "') { echo 'second in' }");
        r.waitForMessage("ticket " + second + " waits for a free landing slot (1 in use)", b);
        List<StepExecution> waiting =
                b.getExecution().getCurrentExecutions(true).get();
        assertEquals(1, waiting.size());
        assertEquals("waiting for the turn of ticket " + second, waiting.get(0).getStatus());
        assertEquals(
                1, stub.calls.stream().filter(c -> c.startsWith("allocatePpa")).count(), stub.calls::toString);

        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(a));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("second in", b);
    }

    /**
     * The farm: two agents, two runs of tickets of different sources hold their PPAs and build at
     * once, one per agent; a third ticket of the first one's source waits, holding no thread, until
     * the first lands (the engine's conflict rule), and then goes.
     */
    @Test
    void nonConflictingTicketsLandAtOnceOnTwoAgentsAndAConflictingOneWaitsForTheFirst(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(0);
        r.createOnlineSlave(Label.get("sbuild"));
        r.createOnlineSlave(Label.get("sbuild"));
        String hello = TestTickets.hello(uploads.resolve("1"));
        String other = other(uploads.resolve("2"));
        String hello2 = TestTickets.submit(Overrides.NONE, TestUploads.dsc(uploads.resolve("3"), "hello", "2.10-4"));
        stub.holdFirst = "buildSource";

        WorkflowRun a = start(r, "a", landing(hello));
        assertTrue(stub.awaitEntered());
        WorkflowRun b = start(r, "b", landing(other));
        WorkflowRun c = start(r, "c", landing(hello2));
        r.waitForMessage("ticket " + hello2 + " waits for ticket " + hello + " (hello)", c);
        // b reserved, built on the second agent and released while a still holds its PPA and agent
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        assertTrue(a.isBuilding());
        assertEquals(
                2,
                stub.calls.stream().filter(c2 -> c2.startsWith("allocatePpa")).count(),
                stub.calls::toString);
        assertEquals(
                "waiting for the turn of ticket " + hello2,
                c.getExecution().getCurrentExecutions(true).get().get(0).getStatus());

        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(a));
        r.assertBuildStatusSuccess(r.waitForCompletion(c));
        assertEquals(
                3,
                stub.calls.stream().filter(c2 -> c2.startsWith("allocatePpa")).count(),
                stub.calls::toString);
    }

    /** A waiting run that is aborted closes its ticket as cancelled, so the tickets behind it go. */
    @Test
    void aRunAbortedWhileWaitingCancelsItsTicket(JenkinsRule r) throws Exception {
        String hello = TestTickets.hello(uploads.resolve("1"));
        String hello2 = TestTickets.submit(Overrides.NONE, TestUploads.dsc(uploads.resolve("2"), "hello", "2.10-4"));
        stub.holdFirst = "buildSource";
        WorkflowRun a = start(r, "a", landing(hello));
        assertTrue(stub.awaitEntered());
        WorkflowRun c = start(r, "c", "allocatePpa ticket: '" + hello2 + "'");
        r.waitForMessage("ticket " + hello2 + " waits for ticket " + hello + " (hello)", c);

        c.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(c));
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertEquals(
                    TicketStatus.CANCELLED,
                    lease.engine().tickets().find(hello2).orElseThrow().getStatus());
        }
        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(a));
        assertEquals(
                1,
                stub.calls.stream().filter(c2 -> c2.startsWith("allocatePpa")).count(),
                stub.calls::toString);
    }

    private static String other(Path dir) throws Exception {
        return TestTickets.submit(Overrides.NONE, TestUploads.dsc(dir, "other", "1.0"));
    }

    private static String landing(String ticket) {
        return "withPpa(ticket: '" + ticket + "') { node('sbuild') { buildSource ticket: '" + ticket + "' } }";
    }

    /** Without an allow-list, the run's authentication (as Authorize Project sets it) needs Job/Build. */
    @Test
    void withoutAnAllowListTheRunsAuthenticationNeedsJobBuild(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader", "builder")
                .grant(Item.BUILD)
                .onItems(r.createProject(WorkflowJob.class, "built"))
                .to("builder"));
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate("read", User.getById("reader", true).impersonate2())
                        .authenticate("built", User.getById("builder", true).impersonate2()));
        String t = TestTickets.hello(uploads);

        WorkflowJob read = r.createProject(WorkflowJob.class, "read");
        read.setDefinition(new CpsFlowDefinition("allocatePpa ticket: '" + t + "'", true));
        WorkflowRun refused = r.waitForCompletion(read.scheduleBuild2(0).waitForStart());
        r.assertBuildStatus(Result.FAILURE, refused);
        r.assertLogContains("allocatePpa: reader may not build read, so this run may not land", refused);
        assertTrue(stub.calls.isEmpty(), stub.calls::toString);

        WorkflowJob built = r.jenkins.getItemByFullName("built", WorkflowJob.class);
        built.setDefinition(new CpsFlowDefinition("withPpa(ticket: '" + t + "') { echo 'landing' }", true));
        r.assertLogContains("landing", r.buildAndAssertSuccess(built));
        assertEquals(
                List.of("allocatePpa", "releasePpa"),
                stub.calls.stream().map(c -> c.split(" ")[0]).toList());
    }

    /**
     * Journals are the engine's, one per ticket: two jobs whose names an old per-job scheme would
     * confuse ({@code team/land} and {@code team-land}, both run #1) write two journal files, each
     * with its own ticket's actions only.
     */
    @Test
    void eachRunsTicketHasItsOwnJournalWhateverTheJobNames(JenkinsRule r) throws Exception {
        String hello = TestTickets.hello(uploads.resolve("1"));
        String other = other(uploads.resolve("2"));
        MockFolder team = r.createFolder("team");
        WorkflowJob inFolder = team.createProject(WorkflowJob.class, "land");
        inFolder.setDefinition(new CpsFlowDefinition(
                "withPpa(ticket: '" + hello + "') { node { buildSource ticket: '" + hello + "' } }", true));
        WorkflowJob dashed = r.createProject(WorkflowJob.class, "team-land");
        dashed.setDefinition(new CpsFlowDefinition(
                "withPpa(ticket: '" + other + "') { node { buildSource ticket: '" + other + "' } }", true));

        assertEquals(1, r.buildAndAssertSuccess(inFolder).getNumber());
        assertEquals(1, r.buildAndAssertSuccess(dashed).getNumber());

        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            Path helloJournal = lease.engine().ticketDir(hello).resolve("journal.jsonl");
            Path otherJournal = lease.engine().ticketDir(other).resolve("journal.jsonl");
            assertNotEquals(helloJournal, otherJournal);
            String helloActions = Files.readString(helloJournal);
            String otherActions = Files.readString(otherJournal);
            assertTrue(helloActions.contains("build-source/hello_2.10-3"), helloActions);
            assertFalse(helloActions.contains("build-source/other_1.0"), helloActions);
            assertTrue(otherActions.contains("build-source/other_1.0"), otherActions);
            assertFalse(otherActions.contains("build-source/hello_2.10-3"), otherActions);
        }
    }

    @Test
    void aJobOffTheAllowListCannotLand(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setAllowedJobs("landing/");
        String t = TestTickets.hello(uploads);

        WorkflowRun b = r.waitForCompletion(start(r, "intruder", "allocatePpa ticket: '" + t + "'"));

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("allocatePpa: job intruder is not allowed to land", b);
        assertTrue(stub.calls.isEmpty(), stub.calls::toString);
    }

    @Test
    void aRunCannotReleaseOrBuildInThePpaAnotherRunsTicketHolds(JenkinsRule r) throws Exception {
        String t = TestTickets.hello(uploads);
        stub.holdFirst = "buildSource";
        WorkflowRun holder = start(
                r,
                "holder",
                "allocatePpa ticket: '" + t + "'\nnode { buildSource ticket: '" + t + "' }\nreleasePpa ticket: '" + t
                        + "'");
        assertTrue(stub.awaitEntered());

        WorkflowRun thief = r.waitForCompletion(start(
                r, "thief", "try { releasePpa ticket: '" + t + "' } finally { node { publish ticket: '" + t + "' } }"));

        r.assertBuildStatus(Result.FAILURE, thief);
        r.assertLogContains("'s PPA is held by holder#1, not by this run", thief);
        assertTrue(
                stub.calls.stream().noneMatch(c -> c.startsWith("releasePpa") || c.startsWith("publish")),
                stub.calls::toString);
        stub.gate.countDown();
        r.assertBuildStatusSuccess(r.waitForCompletion(holder));
        assertTrue(stub.awaitReleased());
    }

    @Test
    void savingTheConfigurationClosesTheEngineItReplacesOnceItsStepsAreDone(JenkinsRule r) throws Exception {
        int closed = StubBackend.CLOSED.get();
        ControllerEngine.Lease running = ControllerEngine.lease();

        LanderConfiguration.get().setPoolSize(3);
        try (ControllerEngine.Lease next = ControllerEngine.lease()) {
            assertTrue(next.engine() != running.engine(), "a new engine for the new settings");
        }
        assertEquals(closed, StubBackend.CLOSED.get(), "the old engine still serves a running step");
        running.close();

        assertEquals(closed + 1, StubBackend.CLOSED.get(), "closed (pool backend, HTTP server) with its last step");
    }
}
