package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ParametersAction;
import java.net.http.HttpResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class TicketBridgeActionTest extends BridgeTest {
    private static final String TICKET = """
            {"ticket": "42", "title": "hello", "owner": "dev@example.com", "bug_id": "1234", "series": "bookworm",
             "source_packages": ["file:///srv/store/ticket.42/sources/hello_2.10-3_source.changes", "/srv/libfoo_1.2-1.dsc"],
             "binary_packages": ["hello", "libfoo1"],
             "overrides": {"ignore_architectures": ["armhf"], "ignore_failures": ["IMAGE_TESTING"], "skip_tests": false}}
            """;

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

    @Test
    void schedulesTheMasterPipelineWithEveryTicketField(JenkinsRule r) throws Exception {
        HttpResponse<String> response = bridge.send("POST", "lander-bridge/execute_request", "lander", TICKET);

        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"ticket\":\"42\""), response.body());
        r.waitUntilNoActivity();
        WorkflowRun run = bridge.job.getBuildByNumber(1);
        r.assertBuildStatusSuccess(run);
        r.assertLogContains("landing 42", run);
        assertEquals(
                "Landing ticket 42, requested by lander",
                run.getCause(TicketCause.class).getShortDescription());
        assertEquals("hello", param(run, "TITLE"));
        assertEquals("1234", param(run, "BUG_ID"));
        assertEquals(
                "file:///srv/store/ticket.42/sources/hello_2.10-3_source.changes\n/srv/libfoo_1.2-1.dsc",
                param(run, "SOURCE_PACKAGES"));
        assertEquals("hello libfoo1", param(run, "BINARY_PACKAGES"));
        assertEquals("armhf", param(run, "IGNORE_ARCHITECTURES"));
        assertEquals("400", param(run, "IGNORE_FAILURES"));
        assertEquals("false", param(run, "SKIP_TESTS"));
    }

    @Test
    void looksABareTicketIdUpInTheTicketSystem(JenkinsRule r) throws Exception {
        tickets.ticket("7", """
                {"id": 7, "title": "from the Ticket System", "series": "bookworm", "binary_packages": ["hello"],
                 "overrides": {"skip_tests": true},
                 "subtickets": [{"id": 1, "upload": "hello_2.10-3_source.changes", "artifacts": [
                   {"name": "sources/hello_2.10-3.dsc", "type": "SPU", "reference": "file:///store/ticket.7/sources/hello_2.10-3.dsc"},
                   {"name": "sources/hello_2.10-3_source.changes", "type": "SPU",
                    "reference": "file:///store/ticket.7/sources/hello_2.10-3_source.changes"}]}]}
                """);

        HttpResponse<String> response =
                bridge.send("POST", "lander-bridge/execute_request", "lander", "{\"ticket\": \"7\"}");

        assertEquals(202, response.statusCode(), response.body());
        FakeTicketSystem.Request lookup = tickets.next();
        assertEquals(
                "GET /api/v1/fullticket/7/ Bearer t0ken",
                lookup.method() + " " + lookup.path() + " " + lookup.authorization());
        r.waitUntilNoActivity();
        WorkflowRun run = bridge.job.getBuildByNumber(1);
        assertEquals("file:///store/ticket.7/sources/hello_2.10-3_source.changes", param(run, "SOURCE_PACKAGES"));
        assertEquals("true", param(run, "SKIP_TESTS"));
    }

    @Test
    void forbiddenWithoutBuildPermissionAndNothingIsQueued(JenkinsRule r) throws Exception {
        HttpResponse<String> response = bridge.send("POST", "lander-bridge/execute_request", "reader", TICKET);

        assertEquals(403, response.statusCode());
        assertEquals(0, r.jenkins.getQueue().getItems().length);
        assertNull(bridge.job.getLastBuild());
    }

    @Test
    void aPasswordWithoutCrumbIsRefused(JenkinsRule r) throws Exception {
        // The dummy security realm takes the user name as password: no API token, so CSRF protection applies.
        HttpResponse<String> response = bridge.sendAs("POST", "lander-bridge/execute_request", "lander:lander", TICKET);

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
        HttpResponse<String> badStep =
                bridge.send("POST", "lander-bridge/execute_request", "lander", TICKET.replace("IMAGE_TESTING", "777"));
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
