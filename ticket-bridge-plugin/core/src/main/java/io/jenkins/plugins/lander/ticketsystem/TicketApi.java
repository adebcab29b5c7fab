package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.repository.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's Ticket System REST API under {@code /api/v1/}: reads are open, writes need the
 * bearer token, every request is one transaction, and every refusal is a JSON error.
 */
final class TicketApi {
    static final int MAX_JSON_BODY = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TicketApi.class);
    private static final Pattern UPLOAD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]{0,254}");
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String V1 = Resource.PREFIX;

    private final TicketDatabase db;
    private final TicketRecords records;
    private final ApiToken token;
    private final LandingQueue queue;
    private final DataStore store;
    private final long maxUpload;

    TicketApi(TicketDatabase db, TicketRecords records, ApiToken token, LandingQueue queue, DataStore store, long maxUpload) {
        this.db = db;
        this.records = records;
        this.token = token;
        this.queue = queue;
        this.store = store;
        this.maxUpload = maxUpload;
    }

    void register(Javalin app) {
        app.before(V1 + "*", this::authorize);
        app.exception(ApiException.class, (e, ctx) -> json(ctx, e.status(), e.answer()));
        app.exception(TicketDatabase.TicketDatabaseException.class, (e, ctx) -> {
            LOG.error("database error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "database error");
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith(V1) && !isJson(ctx)) {
                error(ctx, 404, "no such resource: " + ctx.path());
            }
        });

        for (Resource r : Resource.values()) {
            app.get(V1 + r.table() + "/", ctx -> list(ctx, r, filter(ctx, r), filterValue(ctx, r)));
            app.get(V1 + r.table() + "/{id}/", ctx -> read(ctx, c -> records.get(c, r, id(ctx))));
        }
        app.get(V1 + "fullticket/{id}/", ctx -> read(ctx, c -> records.fullTicket(c, id(ctx))));
        app.get(V1 + "opentickets/", ctx -> read(ctx, c -> records.openTickets(c, limit(ctx), offset(ctx))));
        app.get(V1 + "ticketstatus/", this::ticketStatus);

        app.post(V1 + "ticket/", ctx -> create(ctx, Resource.TICKET, TicketRecords.TICKET_FIELDS, records::createTicket));
        app.post(V1 + "spu/", ctx -> create(ctx, Resource.SPU, TicketRecords.SPU_FIELDS, records::createSpu));
        app.post(V1 + "subticket/", ctx -> create(ctx, Resource.SUBTICKET, TicketRecords.SUBTICKET_FIELDS, records::createSubticket));
        app.post(V1 + "sourcepackage/", ctx -> create(ctx, Resource.SOURCEPACKAGE, TicketRecords.SOURCEPACKAGE_FIELDS,
                records::createSourcePackage));
        app.post(V1 + "binarypackage/", ctx -> create(ctx, Resource.BINARYPACKAGE, TicketRecords.BINARYPACKAGE_FIELDS,
                records::createBinaryPackage));
        app.post(V1 + "ticketartifact/", ctx -> create(ctx, Resource.TICKETARTIFACT, TicketRecords.TICKET_ARTIFACT_FIELDS,
                records::createTicketArtifact));
        app.post(V1 + "subticketartifact/", ctx -> create(ctx, Resource.SUBTICKETARTIFACT, TicketRecords.SUBTICKET_ARTIFACT_FIELDS,
                records::createSubticketArtifact));
        app.patch(V1 + "updateticketstatus/{id}/", this::updateTicketStatus);
        app.patch(V1 + "updatesubticketstatus/{id}/", ctx -> {
            RequestBody body = body(ctx, TicketRecords.STATUS_FIELDS);
            long id = id(ctx);
            json(ctx, 200, db.transaction(c -> {
                records.updateSubticketStatus(c, id, body);
                return records.get(c, Resource.SUBTICKET, id);
            }));
        });
        app.put(V1 + "upload/{ticket}/{name}", this::upload);
    }

    private void authorize(Context ctx) {
        if (READS.contains(ctx.method())) {
            return;
        }
        if (!token.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"lander\"");
            throw new ApiException(401, "writes need 'Authorization: Bearer TOKEN' (LANDER_API_TOKEN or DATA/api-token)");
        }
    }

    @FunctionalInterface
    private interface Read {
        JsonNode read(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Create {
        long create(Connection c, RequestBody body) throws SQLException;
    }

    private void read(Context ctx, Read read) {
        json(ctx, 200, db.transaction(read::read));
    }

    private void list(Context ctx, Resource r, String where, Object value) {
        int limit = limit(ctx);
        int offset = offset(ctx);
        read(ctx, c -> value == null ? records.list(c, r, where, limit, offset) : records.list(c, r, where, limit, offset, value));
    }

    /** The seed's filters: {@code sourcepackage/?name=}, {@code binarypackage/?name=}. */
    private static String filter(Context ctx, Resource r) {
        boolean byName = (r == Resource.SOURCEPACKAGE || r == Resource.BINARYPACKAGE) && ctx.queryParam("name") != null;
        return byName ? "name = ?" : null;
    }

    private static Object filterValue(Context ctx, Resource r) {
        return filter(ctx, r) == null ? null : RequestBody.checked(Field.PACKAGE_NAME, ctx.queryParam("name"));
    }

    private void ticketStatus(Context ctx) {
        String step = ctx.queryParam("current_workflow_step");
        if (step == null) {
            list(ctx, Resource.TICKET, null, null);
            return;
        }
        WorkflowStep parsed;
        try {
            parsed = WorkflowStep.fromCode(Integer.parseInt(step.strip()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("current_workflow_step: unknown step '" + step + "' (100, 200, 300, 400, 500, 999, 1000)");
        }
        list(ctx, Resource.TICKET, "current_workflow_step = ?", parsed.code());
    }

    private void create(Context ctx, Resource r, List<Field> fields, Create create) throws IOException {
        RequestBody body = body(ctx, fields);
        ObjectNode created = db.transaction(c -> records.get(c, r, create.create(c, body)));
        ctx.header("Location", absolute(ctx, created.path("resource_uri").asText()));
        json(ctx, 201, created);
    }

    private void updateTicketStatus(Context ctx) throws IOException {
        RequestBody body = body(ctx, TicketRecords.STATUS_FIELDS);
        long id = id(ctx);
        if (body.status(Field.STATUS).orElse(null) == TicketStatus.QUEUED) {
            queue.admit(id); // the engine's intake: the uploads are checked before anything is queued
        }
        TicketRecords.StatusChange[] change = new TicketRecords.StatusChange[1];
        ObjectNode ticket = db.transaction(c -> {
            change[0] = records.updateTicketStatus(c, id, body);
            return records.get(c, Resource.TICKET, id);
        });
        queue.statusChanged(change[0]);
        json(ctx, 200, ticket);
    }

    /**
     * Stores one file of a source upload in the data store ({@code ticket-ID/sources/NAME}), for
     * an SPU artifact to reference. The body is streamed to a temporary file with a size limit.
     */
    private void upload(Context ctx) throws IOException {
        long ticket = id(ctx, "ticket");
        String name = ctx.pathParam("name");
        if (!UPLOAD_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiException.badRequest("name: '" + name + "' is not a plain file name");
        }
        TicketStatus status = db.transaction(c -> Sql.one(c, "SELECT status FROM ticket WHERE id = ?",
                        rs -> TicketStatus.valueOf(rs.getString(1)), ticket))
                .orElseThrow(() -> ApiException.notFound("no ticket " + ticket));
        if (status != TicketStatus.WAITING) {
            throw ApiException.badRequest("ticket " + ticket + " is no longer open for uploads (status " + status + ")");
        }
        if (ctx.contentLength() > maxUpload) {
            throw new ApiException(413, "upload larger than " + maxUpload + " bytes");
        }
        Path tmp = Files.createTempFile("lander-upload-", ".tmp");
        try {
            try (InputStream in = ctx.req().getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxUpload) {
                        throw new ApiException(413, "upload larger than " + maxUpload + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            }
            String container = TicketRecords.container(ticket);
            String stored = "sources/" + name;
            String reference = store.put(container, stored, tmp, Visibility.PUBLIC).toString();
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("name", name);
            answer.put("reference", reference);
            answer.put("url", StatusPage.storeLink(container, stored));
            ctx.header("Location", absolute(ctx, StatusPage.storeLink(container, stored)));
            json(ctx, 201, answer);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The body, read from the stream whatever its framing: a chunked body has no length to check
     * first, so at most one byte more than the limit is read.
     */
    private static RequestBody body(Context ctx, List<Field> fields) throws IOException {
        if (ctx.contentLength() > MAX_JSON_BODY) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_JSON_BODY + 1);
        }
        if (bytes.length > MAX_JSON_BODY) {
            throw tooLarge();
        }
        return RequestBody.parse(bytes, fields);
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "request body larger than " + MAX_JSON_BODY + " bytes");
    }

    private static long id(Context ctx) {
        return id(ctx, "id");
    }

    private static long id(Context ctx, String param) {
        String text = ctx.pathParam(param);
        if (!text.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("no such resource: " + ctx.path());
        }
        return Long.parseLong(text);
    }

    private static int limit(Context ctx) {
        return intParam(ctx, "limit", 20, 1, 1000);
    }

    private static int offset(Context ctx) {
        return intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected an integer from " + min + " to " + max);
        }
    }

    private static String absolute(Context ctx, String path) {
        return ctx.scheme() + "://" + ctx.host() + path;
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    static void json(Context ctx, int status, JsonNode node) {
        try {
            ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", message);
        json(ctx, status, n);
    }
}
