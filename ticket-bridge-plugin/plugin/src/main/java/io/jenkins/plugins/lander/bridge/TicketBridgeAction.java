package io.jenkins.plugins.lander.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.RootAction;
import hudson.model.Run;
import hudson.model.queue.ScheduleResult;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.Permission;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;

/**
 * The ticket bridge, at {@code JENKINS_URL/lander-bridge/}. Callers authenticate as a Jenkins
 * user with an API token (HTTP Basic; no CSRF crumb is needed then) and need Job/Build on the
 * master pipeline job.
 *
 * <ul>
 *   <li>{@code POST execute_request} with the seed's body
 *       {@code {"ticket": "42", "source_packages": [...], "binary_packages": [...], "series": "bookworm"}}
 *       (plus {@code title}, {@code description}, {@code owner}, {@code bug_id}, {@code overrides}),
 *       or just {@code {"ticket": "42"}} to land ticket 42 of the Ticket System. Answers 202 with the
 *       queue item, 200 when the same ticket is already queued, 400 on bad input, 403 without
 *       permission, 404 when the job is missing or hidden, 413 for a body over 1 MiB.</li>
 *   <li>{@code GET status}: the queued and running landings.</li>
 * </ul>
 */
@Extension
public final class TicketBridgeAction implements RootAction {
    private static final Logger LOGGER = Logger.getLogger(TicketBridgeAction.class.getName());
    private static final int MAX_BODY = 1 << 20;

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Lander ticket bridge";
    }

    @Override
    public String getUrlName() {
        return "lander-bridge";
    }

    @RequirePOST
    @WebMethod(name = "execute_request")
    public void doExecuteRequest(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Job<?, ?> job = job(rsp, Item.BUILD);
        if (job == null) {
            return;
        }
        if (!(job instanceof Queue.Task task) || !job.isBuildable()) {
            error(rsp, 409, "job " + job.getFullName() + " cannot be built (disabled, or not a Pipeline job)");
            return;
        }
        LandingRequest landing;
        try {
            landing = landingRequest(readBody(req));
        } catch (BadRequestException e) {
            error(rsp, 400, e.getMessage());
            return;
        } catch (BodyTooLargeException e) {
            error(rsp, 413, "request body larger than " + MAX_BODY + " bytes");
            return;
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not read the ticket from the Ticket System", e);
            error(rsp, 502, "could not read the ticket from the Ticket System: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(rsp, 503, "interrupted");
            return;
        }
        String requester = Jenkins.getAuthentication2().getName();
        List<Action> actions =
                List.of(TicketParameters.of(landing), new CauseAction(new TicketCause(landing.ticket(), requester)));
        ScheduleResult scheduled;
        // The caller's Job/Build was checked above; scheduling itself runs as SYSTEM like any trigger.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            scheduled = Jenkins.get().getQueue().schedule2(task, 0, actions);
        }
        Queue.Item item = scheduled.getItem();
        if (scheduled.isRefused() || item == null) {
            error(rsp, 409, "the queue refused ticket " + landing.ticket());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("ticket", landing.ticket());
        answer.put("queue_id", item.getId());
        answer.put("job", job.getAbsoluteUrl());
        answer.put("queued", scheduled.isCreated() ? "created" : "already queued");
        write(rsp, scheduled.isCreated() ? 202 : 200, answer);
    }

    @GET
    @WebMethod(name = "status")
    public void doStatus(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Job<?, ?> job = job(rsp, Item.READ);
        if (job == null) {
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode queued = answer.putArray("queued");
        for (Queue.Item item : Jenkins.get().getQueue().getItems()) {
            if (item.task == job) {
                TicketCause cause = item.getCauses().stream()
                        .filter(TicketCause.class::isInstance)
                        .map(TicketCause.class::cast)
                        .findFirst()
                        .orElse(null);
                ObjectNode n = queued.addObject();
                n.put("ticket", cause == null ? null : cause.getTicketId());
                n.put("queue_id", item.getId());
                n.put("queued_since", item.getInQueueSince());
                n.put("why", item.getWhy());
            }
        }
        ArrayNode running = answer.putArray("running");
        for (Run<?, ?> run : job.getBuilds()) {
            if (!run.isBuilding()) {
                break;
            }
            for (LanderRunAction landing : run.getActions(LanderRunAction.class)) {
                ObjectNode n = running.addObject();
                n.put("ticket", landing.getTicketId());
                n.put("run", run.getUrl());
                n.put("step", landing.getCurrentStep());
                n.put("current", landing.getCurrent());
                n.put("total", landing.getTotal());
            }
        }
        write(rsp, 200, answer);
    }

    /**
     * The master pipeline job, after checking that the caller has {@code permission} on it; null
     * once 404 was answered (no such job, or the caller may not see it).
     */
    private static Job<?, ?> job(StaplerResponse2 rsp, Permission permission) throws IOException {
        Job<?, ?> job = TicketBridgeConfiguration.get().job();
        if (job == null) {
            error(
                    rsp,
                    404,
                    "no master pipeline job '" + TicketBridgeConfiguration.get().getJobName() + "'");
            return null;
        }
        job.checkPermission(permission);
        return job;
    }

    /** A body with more than the ticket id is the landing itself; a bare id is looked up. */
    private static LandingRequest landingRequest(JsonNode body)
            throws BadRequestException, IOException, InterruptedException {
        if (!body.isObject()) {
            throw new BadRequestException("expected a JSON object");
        }
        if (body.size() > 1 || !body.has("ticket")) {
            return LandingRequest.fromRequest(body);
        }
        TicketSystemClient client = TicketBridgeConfiguration.get().client();
        if (client == null) {
            throw new BadRequestException("no Ticket System is configured to look ticket "
                    + body.path("ticket").asText() + " up; send the whole ticket");
        }
        return LandingRequest.fromFullTicket(
                client.fullTicket(body.path("ticket").asText()));
    }

    private static JsonNode readBody(StaplerRequest2 req) throws IOException, BadRequestException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new BodyTooLargeException();
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static void error(StaplerResponse2 rsp, int status, String message) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", message);
        write(rsp, status, n);
    }

    private static void write(StaplerResponse2 rsp, int status, JsonNode body) throws IOException {
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.getWriter().write(Json.MAPPER.writeValueAsString(body));
    }

    /** Signals 413 rather than 400. */
    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
