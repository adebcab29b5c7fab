package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Queue;
import hudson.model.Result;
import io.jenkins.plugins.lander.Json;
import java.net.http.HttpResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Landings run one at a time, in the order they came; the same ticket twice is queued once. */
@WithJenkins
class LandingSlotsTest extends BridgeTest {

    @Override
    String script() {
        return "echo \"landing ${params.TICKET_ID}\"\nsleep time: 1, unit: 'HOURS'";
    }

    private long submit(String ticket, int expectedStatus) throws Exception {
        HttpResponse<String> response = bridge.send(
                "POST",
                "lander-bridge/execute_request",
                "lander",
                "{\"ticket\": \"" + ticket + "\", \"series\": \"bookworm\", \"source_packages\": [\"/srv/" + ticket
                        + ".dsc\"]}");
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body()).path("queue_id").asLong();
    }

    @Test
    void aSecondTicketWaitsForTheFirstToLand(JenkinsRule r) throws Exception {
        WorkflowRun first = r.waitForMessage("landing 1", started(r, submit("1", 202)));
        long second = submit("2", 202);
        assertEquals(second, submit("2", 200), "the same ticket again is the same queue item");

        r.jenkins.getQueue().maintain();
        Queue.Item waiting = r.jenkins.getQueue().getItem(second);
        assertTrue(waiting.isBlocked(), waiting::toString);
        assertEquals("Waiting for a landing slot (1 of 1 in use)", waiting.getWhy());

        first.getExecutor().interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(first));
        WorkflowRun next = r.waitForMessage("landing 2", started(r, second));
        assertTrue(next.getStartTimeInMillis() >= first.getStartTimeInMillis() + first.getDuration());
        next.getExecutor().interrupt();
        r.waitForCompletion(next);
    }

    private static WorkflowRun started(JenkinsRule r, long queueId) throws Exception {
        return (WorkflowRun) r.jenkins.getQueue().getItem(queueId).getFuture().waitForStart();
    }
}
