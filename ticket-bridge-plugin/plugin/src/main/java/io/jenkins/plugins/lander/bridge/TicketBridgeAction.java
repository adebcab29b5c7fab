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
import io.jenkins.plugins.lander.client.LandingRequest;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.client.TicketImport;
import io.jenkins.plugins.lander.pipeline.ControllerEngine;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 *       or just {@code {"ticket": "42"}} to land ticket 42 of the Ticket System. The ticket is taken
 *       into the controller's engine through its intake ({@link TicketImport}: the uploads fetched
 *       from the Ticket System or the engine's data store, checked as the CLI checks them), and the
 *       master pipeline is scheduled with the engine's ticket id. Answers 202 with the queue item,
 *       200 when the same ticket was already taken in, 400 on bad input (nothing created), 403
 *       without permission, 404 when the job is missing or hidden, 413 for a body over 1 MiB, 502
 *       when the Ticket System cannot be reached.</li>
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
        Imported imported;
        try {
            imported = takeIn(readBody(req));
        } catch (InvalidSourceException e) {
            error(rsp, 400, e.getMessage());
            return;
        } catch (BodyTooLargeException e) {
            error(rsp, 413, "request body larger than " + MAX_BODY + " bytes");
            return;
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not take the ticket in", e);
            error(rsp, 502, "could not take the ticket in: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(rsp, 503, "interrupted");
            return;
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "The Lander engine could not take the ticket in", e);
            error(rsp, 500, "the Lander engine could not take the ticket in: " + e.getMessage());
            return;
        }
        Ticket ticket = imported.ticket();
        String requester = Jenkins.getAuthentication2().getName();
        List<Action> actions = List.of(
                TicketParameters.of(ticket),
                new CauseAction(new TicketCause(ticket.getId(), imported.ticketSystemId(), requester)));
        ScheduleResult scheduled;
        // The caller's Job/Build was checked above; scheduling itself runs as SYSTEM like any trigger.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            scheduled = Jenkins.get().getQueue().schedule2(task, 0, actions);
        }
        Queue.Item item = scheduled.getItem();
        if (scheduled.isRefused() || item == null) {
            error(rsp, 409, "the queue refused Lander ticket " + ticket.getId());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("ticket", imported.ticketSystemId());
        answer.put("lander_ticket", ticket.getId());
        answer.put("queue_id", item.getId());
        answer.put("job", job.getAbsoluteUrl());
        answer.put("queued", imported.created() && scheduled.isCreated() ? "created" : "already queued");
        write(rsp, imported.created() && scheduled.isCreated() ? 202 : 200, answer);
    }

    /** The bridge's answer: the engine's ticket and the Ticket System ticket it lands. */
    private record Imported(Ticket ticket, String ticketSystemId, boolean created) {}

    /**
     * Takes the ticket into the controller's engine through its intake ({@link TicketImport}):
     * a body with more than the ticket id is the landing itself, a bare id is looked up.
     */
    private static Imported takeIn(JsonNode body) throws Exception {
        if (!body.isObject()) {
            throw new InvalidSourceException("expected a JSON object");
        }
        TicketClient client = TicketBridgeConfiguration.get().client();
        LandingRequest request;
        if (body.size() > 1 || !body.has("ticket")) {
            request = LandingRequest.fromRequest(body);
        } else if (client == null) {
            throw new InvalidSourceException("no Ticket System is configured to look ticket "
                    + body.path("ticket").asText() + " up; send the whole ticket");
        } else {
            String id = body.path("ticket").asText();
            try {
                request = LandingRequest.fromFullTicket(
                        client.get("api/v1/fullticket/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/"));
            } catch (TicketClient.TicketClientException e) {
                if (e.status() == 404) {
                    throw new InvalidSourceException("the Ticket System has no ticket " + id);
                }
                throw e;
            }
        }
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            Path work = LanderConfiguration.get().dataPath().resolve("jenkins-work").resolve("bridge");
            TicketImport.Imported imported = new TicketImport(lease.engine(), client, work).submit(request);
            return new Imported(imported.ticket(), request.ticket(), imported.created());
        }
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

    private static JsonNode readBody(StaplerRequest2 req) throws IOException, InvalidSourceException {
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
            throw new InvalidSourceException("not JSON: " + e.getOriginalMessage());
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
