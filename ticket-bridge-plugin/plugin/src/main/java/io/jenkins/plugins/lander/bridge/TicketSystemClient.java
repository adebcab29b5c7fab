package io.jenkins.plugins.lander.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.util.Secret;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Ticket System's REST API as the bridge uses it (seed-compatible, {@code /api/v1/...}),
 * with {@code Authorization: Bearer TOKEN}. Errors carry the status and the server's message,
 * never the token.
 */
public final class TicketSystemClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final Secret token;

    TicketSystemClient(URI base, Secret token) {
        this.base = base;
        this.token = token;
    }

    /** {@code GET /api/v1/fullticket/ID/}: the ticket with its subtickets and artifacts. */
    JsonNode fullTicket(String id) throws IOException, InterruptedException {
        return send(request("fullticket/" + path(id) + "/").GET());
    }

    /** {@code PATCH /api/v1/updateticketstatus/ID/} with the step code and status. */
    void updateStatus(String id, WorkflowStep step, TicketStatus status) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("current_workflow_step", String.valueOf(step.code()));
        body.put("status", status.name());
        send(request("updateticketstatus/" + path(id) + "/").method("PATCH", json(body)));
    }

    /** {@code POST /api/v1/ticketartifact/}: a reference to a file archived for the ticket. */
    void addArtifact(String id, Artifact artifact) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", artifact.name());
        body.put("ticket", "/api/v1/ticket/" + path(id) + "/");
        body.put("reference", artifact.reference());
        body.put("type", artifact.type().name());
        send(request("ticketartifact/").POST(json(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/" + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token.getPlainText());
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) throws IOException {
        return HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body), StandardCharsets.UTF_8);
    }

    private static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.header("Content-Type", "application/json").build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
        }
        return response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
    }
}
