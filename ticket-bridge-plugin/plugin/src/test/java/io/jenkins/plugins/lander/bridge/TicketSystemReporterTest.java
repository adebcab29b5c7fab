package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.CauseAction;
import hudson.model.Result;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.NotificationMode;
import io.jenkins.plugins.lander.plugin.TicketReports;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A landing run's start and end reach its ticket over the REST API, with the API token. */
@WithJenkins
class TicketSystemReporterTest extends BridgeTest {
    @Override
    String script() {
        return "echo 'landing'";
    }

    private WorkflowRun land(JenkinsRule r) throws Exception {
        WorkflowRun run = r.waitForCompletion(bridge.job
                .scheduleBuild2(0, new CauseAction(new TicketCause("7", "alice")))
                .waitForStart());
        // Reports leave on one thread in order: once this marker ran, every report of the run was sent.
        LanderThreads.reports().submit(() -> {}).get(60, TimeUnit.SECONDS);
        return run;
    }

    private static String describe(FakeTicketSystem.Request request) {
        return request.method() + " " + request.path() + " " + request.authorization() + " " + request.body();
    }

    @Test
    void reportsTheStartAndTheSuccess(JenkinsRule r) throws Exception {
        r.assertBuildStatusSuccess(land(r));

        assertEquals(
                "PATCH /api/v1/updateticketstatus/7/ Bearer t0ken {\"current_workflow_step\":\"100\",\"status\":\"RUNNING\"}",
                describe(tickets.next()));
        assertEquals(
                "PATCH /api/v1/updateticketstatus/7/ Bearer t0ken {\"current_workflow_step\":\"1000\",\"status\":\"COMPLETED\"}",
                describe(tickets.next()));
    }

    @Test
    void reportsAFailure(JenkinsRule r) throws Exception {
        bridge.job.setDefinition(new CpsFlowDefinition("error 'dpkg-buildpackage exited 2'", true));
        r.assertBuildStatus(Result.FAILURE, land(r));

        tickets.next();
        assertEquals(
                "{\"current_workflow_step\":\"999\",\"status\":\"FAILED\"}",
                tickets.next().body());
    }

    @Test
    void dryRunSendsNothing(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setNotificationMode(NotificationMode.DRY_RUN);
        r.assertBuildStatusSuccess(land(r));

        assertTrue(tickets.received().isEmpty(), () -> tickets.received().toString());
    }

    /** The bridge's token speaks for every ticket: a run may use it only for the ticket it lands. */
    @Test
    void aRunMayNotReportToAnotherTicket(JenkinsRule r) throws Exception {
        bridge.job.setDefinition(new CpsFlowDefinition("echo 'landing'", true));
        WorkflowRun run = r.buildAndAssertSuccess(bridge.job);

        TicketReports.stepChanged(run, "7", WorkflowStep.PACKAGE_PUBLISHING, TicketStatus.COMPLETED);
        LanderThreads.reports().submit(() -> {}).get(60, TimeUnit.SECONDS);

        assertTrue(tickets.received().isEmpty(), () -> tickets.received().toString());
    }
}
