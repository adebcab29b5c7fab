package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ParametersAction;
import io.jenkins.plugins.lander.client.TicketImport;
import io.jenkins.plugins.lander.pipeline.ControllerEngine;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.net.http.HttpResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class TicketBridgeActionTest extends BridgeTest {
    @TestExtension
    public static final class Backend extends IntakeBackend {}

    @Override
    String script() {
        return "echo \"landing ${params.TICKET_ID}\"";
    }

    private String param(WorkflowRun run, String name) {
        return run.getAction(ParametersAction.class)
                .getParameter(name)
                .getValue()
                .toString();
    }

    private String seedBody(String sourcePackage) {
        return "{\"ticket\": \"42\", \"title\": \"hello\", \"owner\": \"dev@example.com\", \"bug_id\": \"1234\","
                + " \"series\": \"bookworm\", \"source_packages\": [\"" + sourcePackage + "\"],"
                + " \"binary_packages\": [\"hello\"],"
                + " \"overrides\": {\"ignore_architectures\": [\"armhf\"], \"ignore_failures\": [\"IMAGE_TESTING\"]}}";
    }

    @Test
    void takesABareTicketIdInFromTheTicketSystemAndSchedulesItsLanding(JenkinsRule r) throws Exception {
        ticketSystemHas("7");

        HttpResponse<String> response =
                bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"7\"}");

        assertEquals(202, response.statusCode(), response.body());
        FakeTicketSystem.Request lookup = tickets.next();
        assertEquals(
                "GET /api/v1/fullticket/7/ Bearer t0ken",
                lookup.method() + " " + lookup.path() + " " + lookup.authorization());
        FakeTicketSystem.Request descriptor = tickets.next();
        assertEquals(
                "GET /store/ticket.7/sources/hello_2.10-3.dsc Bearer t0ken",
                descriptor.method() + " " + descriptor.path() + " " + descriptor.authorization());
        r.waitUntilNoActivity();
        WorkflowRun run = bridge.job.getBuildByNumber(1);
        r.assertBuildStatusSuccess(run);
        String id = param(run, "TICKET_ID");
        r.assertLogContains("landing " + id, run);
        Ticket ticket = landerTicket(id);
        assertEquals("from the Ticket System", ticket.getTitle());
        assertEquals("hello_2.10-3", ticket.getSubtickets().get(0).key());
        assertTrue(ticket.getOverrides().skipTests());
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertEquals("7", TicketImport.ticketSystemId(lease.engine(), id).orElseThrow());
        }
        assertEquals(
                "Landing ticket 7 of the Ticket System (Lander ticket " + id + "), requested by lander",
                run.getCause(TicketCause.class).getShortDescription());
        assertTrue(response.body().contains("\"lander_ticket\":\"" + id + "\""), response.body());
    }

    @Test
    void theSeedsBodyNamingTheTicketSystemsFilesIsTakenInWithItsOverrides(JenkinsRule r) throws Exception {
        ticketSystemHas("42");

        HttpResponse<String> response = bridge.send(
                "POST",
                "lander-bridge/execute_request",
                "lander",
                seedBody(tickets.url() + "/store/ticket.42/sources/hello_2.10-3.dsc"));

        assertEquals(202, response.statusCode(), response.body());
        r.waitUntilNoActivity();
        Ticket ticket = landerTicket(param(bridge.job.getBuildByNumber(1), "TICKET_ID"));
        assertEquals("hello", ticket.getTitle());
        assertEquals("1234", ticket.getBugId());
        assertTrue(ticket.getOverrides().ignoresFailureOf(WorkflowStep.IMAGE_TESTING));
        assertTrue(ticket.getOverrides().ignoreArchitectures().contains("armhf"));
    }

    @Test
    void theSameTicketSentTwiceIsTakenInOnce(JenkinsRule r) throws Exception {
        ticketSystemHas("7");

        HttpResponse<String> first = bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"7\"}");
        HttpResponse<String> again = bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"7\"}");

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("already queued"), again.body());
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertEquals(1, lease.engine().tickets().unfinished().size());
        }
    }

    @Test
    void aPathOfTheControllerIsRefusedAndNothingIsCreated(JenkinsRule r) throws Exception {
        HttpResponse<String> path = bridge.send("POST", "lander-bridge/execute_request", "lander", seedBody("/etc/hello_2.10-3.dsc"));
        HttpResponse<String> file =
                bridge.send("POST", "lander-bridge/execute_request", "lander", seedBody("file:///etc/hello_2.10-3.dsc"));

        assertEquals(400, path.statusCode(), path.body());
        assertTrue(path.body().contains("never a path of this machine"), path.body());
        assertEquals(400, file.statusCode(), file.body());
        assertNull(bridge.job.getLastBuild());
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            assertTrue(lease.engine().tickets().unfinished().isEmpty());
        }
    }

    @Test
    void anUnknownTicketOfTheTicketSystemIsBadInput(JenkinsRule r) throws Exception {
        HttpResponse<String> response =
                bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"404\"}");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("the Ticket System has no ticket 404"), response.body());
        assertNull(bridge.job.getLastBuild());
    }

    @Test
    void forbiddenWithoutBuildPermissionAndNothingIsQueued(JenkinsRule r) throws Exception {
        HttpResponse<String> response =
                bridge.send("POST", "lander-bridge/execute_request", "reader", "{\"ticket\": \"7\"}");

        assertEquals(403, response.statusCode());
        assertEquals(0, r.jenkins.getQueue().getItems().length);
        assertNull(bridge.job.getLastBuild());
        assertTrue(tickets.received().isEmpty(), () -> tickets.received().toString());
    }

    @Test
    void aPasswordWithoutCrumbIsRefused(JenkinsRule r) throws Exception {
        // The dummy security realm takes the user name as password: no API token, so CSRF protection applies.
        HttpResponse<String> response =
                bridge.sendAs("POST", "lander-bridge/execute_request", "lander:lander", "{\"ticket\": \"7\"}");

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("No valid crumb"), response.body());
        assertNull(bridge.job.getLastBuild());
    }

    @Test
    void onlyPostSchedules(JenkinsRule r) throws Exception {
        HttpResponse<String> response = bridge.send("GET", "lander-bridge/execute_request", "lander", null);

        assertEquals(405, response.statusCode());
        assertNull(bridge.job.getLastBuild());
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndQueueNothing(JenkinsRule r) throws Exception {
        HttpResponse<String> noSeries = bridge.send(
                "POST",
                "lander-bridge/execute_request",
                "lander",
                "{\"ticket\": \"42\", \"source_packages\": [\"/srv/a.dsc\"]}");
        HttpResponse<String> notJson = bridge.send("POST", "lander-bridge/execute_request", "lander", "ticket=42");
        HttpResponse<String> badStep = bridge.send(
                "POST",
                "lander-bridge/execute_request",
                "lander",
                seedBody("store/ticket.42/sources/hello_2.10-3.dsc").replace("IMAGE_TESTING", "777"));
        HttpResponse<String> tooLarge = bridge.send(
                "POST", "lander-bridge/execute_request", "lander", "{\"title\": \"" + "x".repeat(1 << 20) + "\"}");

        assertEquals(400, noSeries.statusCode());
        assertTrue(noSeries.body().contains("series: expected a series name"), noSeries.body());
        assertEquals(400, notJson.statusCode());
        assertEquals(400, badStep.statusCode());
        assertTrue(badStep.body().contains("unknown workflow step '777'"), badStep.body());
        assertEquals(413, tooLarge.statusCode());
        assertNull(bridge.job.getLastBuild());
    }

    @Test
    void statusNeedsReadAndListsLandings(JenkinsRule r) throws Exception {
        HttpResponse<String> response = bridge.send("GET", "lander-bridge/status", "reader", null);

        assertEquals(200, response.statusCode());
        assertEquals("{\"queued\":[],\"running\":[]}", response.body());
    }
}
