package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code lander ticket create} does, as the seed's "Initial Successful Request" describes:
 * checks every {@code _source.changes} first (a bad one creates nothing), then creates the
 * ticket, each source package upload and subticket, uploads the files to the data store, attaches
 * them as SPU artifacts, and queues the ticket unless asked to wait.
 */
public final class TicketSubmission {
    private final TicketClient client;

    public TicketSubmission(TicketClient client) {
        this.client = client;
    }

    /**
     * The ticket fields of the seed's create_ticket.
     *
     * @param automatic the ticket is a machine's (a sync's): no mail about it unless configured
     */
    public record Request(String title, String description, String bug, String owner, String series,
            List<String> binaryPackages, int priority, boolean waitUnqueued, boolean automatic) {}

    /** Validates the uploads; nothing is sent when one is bad. */
    public static List<SourceUpload> validate(List<Path> changes) throws IOException, InvalidSourceException {
        SourceUploadReader reader = new SourceUploadReader();
        List<SourceUpload> uploads = new ArrayList<>();
        for (Path p : changes) {
            if (!p.getFileName().toString().endsWith(".changes")) {
                throw new InvalidSourceException(p.getFileName() + ": expected a _source.changes file");
            }
            uploads.add(reader.read(p.toAbsolutePath()));
        }
        return uploads;
    }

    /** Creates the ticket and returns its resource URI, e.g. {@code /api/v1/ticket/1/}. */
    public String submit(Request request, List<SourceUpload> uploads) throws IOException, InterruptedException {
        ObjectNode ticket = Json.MAPPER.createObjectNode();
        ticket.put("title", request.title());
        ticket.put("description", request.description());
        ticket.put("owner", request.owner());
        if (request.bug() != null) {
            ticket.put("bug_id", request.bug());
        }
        if (request.series() != null) {
            ticket.put("series", request.series());
        }
        ticket.set("binary_packages", Json.MAPPER.valueToTree(request.binaryPackages()));
        ticket.put("priority", request.priority());
        ticket.put("automatic", request.automatic());
        JsonNode created = client.post("api/v1/ticket/", ticket);
        String ticketUri = created.path("resource_uri").asText();
        long ticketId = created.path("id").asLong();
        for (SourceUpload upload : uploads) {
            ObjectNode spu = Json.MAPPER.createObjectNode();
            spu.put("sourcepackage", sourcePackage(upload.source()));
            spu.put("version", upload.version());
            String spuUri = client.post("api/v1/spu/", spu).path("resource_uri").asText();
            ObjectNode sub = Json.MAPPER.createObjectNode();
            sub.put("source_package_upload", spuUri);
            sub.put("ticket", ticketUri);
            sub.put("assignee", request.owner());
            String subUri = client.post("api/v1/subticket/", sub).path("resource_uri").asText();
            for (SourceFile f : upload.files()) {
                JsonNode stored = client.upload(ticketId, f.path());
                ObjectNode artifact = Json.MAPPER.createObjectNode();
                artifact.put("name", f.name());
                artifact.put("subticket", subUri);
                artifact.put("reference", stored.path("reference").asText());
                artifact.put("type", "SPU");
                client.post("api/v1/subticketartifact/", artifact);
            }
        }
        if (!request.waitUnqueued()) {
            ObjectNode queued = Json.MAPPER.createObjectNode();
            queued.put("current_workflow_step", "100");
            queued.put("status", "000");
            client.patch("api/v1/updateticketstatus/" + ticketId + "/", queued);
        }
        return ticketUri;
    }

    /** The source package's URI, recorded first when the Ticket System has not seen it. */
    private String sourcePackage(String name) throws IOException, InterruptedException {
        String known = lookUp(name);
        if (known != null) {
            return known;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", name);
        try {
            return client.post("api/v1/sourcepackage/", body).path("resource_uri").asText();
        } catch (TicketClient.TicketClientException e) {
            // another submission recorded it in the meantime
            known = e.status() == 400 ? lookUp(name) : null;
            if (known == null) {
                throw e;
            }
            return known;
        }
    }

    private String lookUp(String name) throws IOException, InterruptedException {
        JsonNode found = client.get("api/v1/sourcepackage/?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        return found.path("objects").isEmpty() ? null : found.path("objects").get(0).path("resource_uri").asText();
    }
}
