package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ParametersAction;
import hudson.model.Result;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderThreads;
import io.jenkins.plugins.lander.plugin.NotificationMode;
import io.jenkins.plugins.lander.plugin.TicketReports;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A landing run's start and end reach the Ticket System ticket it was taken in from (ticket 7,
 * whatever the engine's id), over the REST API, with the API token.
 */
@WithJenkins
class TicketSystemReporterTest extends BridgeTest {
    @TestExtension
    public static final class Backend extends IntakeBackend {}

    @Override
    String script() {
        return "echo 'landing'";
    }

    /** Ticket 7 of the Ticket System, taken in by the bridge; its run, finished. */
    private WorkflowRun land(JenkinsRule r) throws Exception {
        ticketSystemHas("7");
        HttpResponse<String> response =
                bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"7\"}");
        assertEquals(202, response.statusCode(), response.body());
        r.waitUntilNoActivity();
        // Reports leave on one thread in order: once this marker ran, every report of the run was sent.
        LanderThreads.reports().submit(() -> {}).get(60, TimeUnit.SECONDS);
        return bridge.job.getBuildByNumber(1);
    }

    /** The reports received: "PATCH PATH AUTHORIZATION BODY", the lookup and the uploads' GETs left out. */
    private List<String> reports() {
        return tickets.received().stream()
                .filter(q -> !q.method().equals("GET"))
                .map(q -> q.method() + " " + q.path() + " " + q.authorization() + " " + q.body())
                .toList();
    }

    @Test
    void reportsTheStartAndTheSuccessToTheTicketSystemsTicket(JenkinsRule r) throws Exception {
        r.assertBuildStatusSuccess(land(r));

        assertEquals(
                List.of(
                        "PATCH /api/v1/updateticketstatus/7/ Bearer t0ken {\"current_workflow_step\":\"100\",\"status\":\"RUNNING\"}",
                        "PATCH /api/v1/updateticketstatus/7/ Bearer t0ken {\"current_workflow_step\":\"1000\",\"status\":\"COMPLETED\"}"),
                reports());
    }

    @Test
    void reportsAFailure(JenkinsRule r) throws Exception {
        bridge.job.setDefinition(new CpsFlowDefinition("error 'dpkg-buildpackage exited 2'", true));
        r.assertBuildStatus(Result.FAILURE, land(r));

        assertTrue(reports().get(1).endsWith("{\"current_workflow_step\":\"999\",\"status\":\"FAILED\"}"), reports()::toString);
    }

    @Test
    void dryRunSendsNothing(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setNotificationMode(NotificationMode.DRY_RUN);
        r.assertBuildStatusSuccess(land(r));

        assertTrue(reports().isEmpty(), reports()::toString);
    }

    /** The bridge's token speaks for every ticket: a run may use it only for the ticket it lands. */
    @Test
    void aRunMayNotReportToAnotherTicket(JenkinsRule r) throws Exception {
        WorkflowRun bridged = land(r);
        String ticket = bridged.getAction(ParametersAction.class)
                .getParameter(TicketParameters.TICKET_ID)
                .getValue()
                .toString();
        int before = reports().size();
        WorkflowRun other = r.buildAndAssertSuccess(bridge.job);

        TicketReports.stepChanged(other, ticket, WorkflowStep.PACKAGE_PUBLISHING, TicketStatus.COMPLETED);
        LanderThreads.reports().submit(() -> {}).get(60, TimeUnit.SECONDS);

        assertEquals(before, reports().size(), reports()::toString);
    }
}
