package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's resources as rows and back: reads render the seed's JSON (field names of the models,
 * references as resource URIs), writes check every reference inside the caller's transaction.
 */
final class TicketRecords {
    static final Set<String> TICKET_FIELDS = Set.of(
            "title", "description", "owner", "bug_id", "series", "binary_packages", "overrides", "priority");
    static final Set<String> STATUS_FIELDS = Set.of("current_workflow_step", "status", "reason");
    static final Set<String> SPU_FIELDS = Set.of("sourcepackage", "version");
    static final Set<String> SUBTICKET_FIELDS = Set.of("source_package_upload", "ticket", "assignee");
    static final Set<String> SOURCEPACKAGE_FIELDS = Set.of("name");
    static final Set<String> BINARYPACKAGE_FIELDS = Set.of("name", "sourcepackage", "seeded");
    static final Set<String> TICKET_ARTIFACT_FIELDS = Set.of("name", "ticket", "reference", "type");
    static final Set<String> SUBTICKET_ARTIFACT_FIELDS = Set.of("name", "subticket", "reference", "type");
    static final Set<ArtifactType> TICKET_ARTIFACT_TYPES = Set.of(ArtifactType.RESULTS, ArtifactType.LOGS, ArtifactType.IMAGE);
    static final Set<ArtifactType> SUBTICKET_ARTIFACT_TYPES = Set.of(ArtifactType.SPU, ArtifactType.RESULTS, ArtifactType.LOGS);
    private static final String FINISHED = "(current_workflow_step IN (999, 1000) OR status = 'CANCELLED')";

    private final String defaultSeries;

    TicketRecords(String defaultSeries) {
        this.defaultSeries = defaultSeries;
    }

    // ---- reads

    /** A page of a resource's rows, as tastypie lists them: {@code meta} and {@code objects}. */
    ObjectNode list(Connection c, Resource r, String where, int limit, int offset, Object... params) throws SQLException {
        String filter = where == null ? "" : " WHERE " + where;
        long total = Sql.count(c, "SELECT COUNT(*) FROM " + r.table() + filter, params);
        Object[] all = new Object[params.length + 2];
        System.arraycopy(params, 0, all, 0, params.length);
        all[params.length] = limit;
        all[params.length + 1] = offset;
        List<ObjectNode> rows = Sql.query(c, "SELECT * FROM " + r.table() + filter + " ORDER BY id LIMIT ? OFFSET ?",
                rs -> render(c, r, rs), all);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode meta = out.putObject("meta");
        meta.put("limit", limit);
        meta.put("offset", offset);
        meta.put("total_count", total);
        String base = Resource.PREFIX + r.table() + "/";
        if (offset + limit < total) {
            meta.put("next", base + "?limit=" + limit + "&offset=" + (offset + limit));
        } else {
            meta.putNull("next");
        }
        if (offset > 0) {
            meta.put("previous", base + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit));
        } else {
            meta.putNull("previous");
        }
        ArrayNode objects = out.putArray("objects");
        rows.forEach(objects::add);
        return out;
    }

    ObjectNode openTickets(Connection c, int limit, int offset) throws SQLException {
        return list(c, Resource.TICKET, "NOT " + FINISHED, limit, offset);
    }

    ObjectNode get(Connection c, Resource r, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM " + r.table() + " WHERE id = ?", rs -> render(c, r, rs), id)
                .orElseThrow(() -> ApiException.notFound("no " + r.table() + " " + id));
    }

    /**
     * The ticket with its subtickets (each with its upload and artifacts) and its own artifacts,
     * in four queries whatever the number of subtickets (the page and the CLI poll it).
     */
    ObjectNode fullTicket(Connection c, long id) throws SQLException {
        ObjectNode ticket = get(c, Resource.TICKET, id);
        Map<Long, ArrayNode> artifactsOf = new HashMap<>();
        for (ObjectNode a : Sql.query(c, "SELECT a.* FROM subticketartifact a JOIN subticket s ON s.id = a.subticket_id"
                + " WHERE s.ticket_id = ? ORDER BY a.id", this::subticketArtifact, id)) {
            long sub = Resource.SUBTICKET.idOf("subticket", a.path("subticket").asText());
            artifactsOf.computeIfAbsent(sub, k -> Json.MAPPER.createArrayNode()).add(a);
        }
        ArrayNode subs = ticket.putArray("subtickets");
        for (ObjectNode sub : Sql.query(c, "SELECT s.*, u.version AS spu_version, u.sourcepackage_id, p.name AS sourcepackage_name"
                + " FROM subticket s JOIN spu u ON u.id = s.spu_id JOIN sourcepackage p ON p.id = u.sourcepackage_id"
                + " WHERE s.ticket_id = ? ORDER BY s.id", this::expandedSubticket, id)) {
            sub.set("artifacts", artifactsOf.getOrDefault(sub.path("id").asLong(), Json.MAPPER.createArrayNode()));
            subs.add(sub);
        }
        ArrayNode artifacts = ticket.putArray("artifacts");
        Sql.query(c, "SELECT * FROM ticketartifact WHERE ticket_id = ? ORDER BY id", this::ticketArtifact, id)
                .forEach(artifacts::add);
        return ticket;
    }

    /** A subticket row joined with its upload and source package, rendered nested. */
    private ObjectNode expandedSubticket(ResultSet rs) throws SQLException {
        ObjectNode sub = subticket(rs);
        long spuId = rs.getLong("spu_id");
        ObjectNode upload = Json.MAPPER.createObjectNode();
        upload.put("id", spuId);
        upload.put("resource_uri", Resource.SPU.uri(spuId));
        ObjectNode source = upload.putObject("sourcepackage");
        long sourceId = rs.getLong("sourcepackage_id");
        source.put("id", sourceId);
        source.put("resource_uri", Resource.SOURCEPACKAGE.uri(sourceId));
        source.put("name", rs.getString("sourcepackage_name"));
        upload.put("version", rs.getString("spu_version"));
        sub.set("source_package_upload", upload);
        return sub;
    }

    private ObjectNode render(Connection c, Resource r, ResultSet rs) throws SQLException {
        return switch (r) {
            case TICKET -> ticket(rs);
            case SUBTICKET -> subticket(rs);
            case SPU -> spu(rs);
            case SOURCEPACKAGE -> sourcePackage(rs);
            case BINARYPACKAGE -> binaryPackage(rs);
            case TICKETARTIFACT -> ticketArtifact(rs);
            case SUBTICKETARTIFACT -> subticketArtifact(rs);
        };
    }

    private static ObjectNode node(Resource r, ResultSet rs) throws SQLException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        long id = rs.getLong("id");
        n.put("id", id);
        n.put("resource_uri", r.uri(id));
        return n;
    }

    private ObjectNode ticket(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.TICKET, rs);
        n.put("title", rs.getString("title"));
        n.put("description", rs.getString("description"));
        n.put("owner", rs.getString("owner"));
        n.put("bug_id", rs.getString("bug_id"));
        n.put("series", rs.getString("series"));
        try {
            n.set("binary_packages", Json.MAPPER.readTree(rs.getString("binary_packages")));
            n.set("overrides", Json.MAPPER.readTree(rs.getString("overrides")));
        } catch (JsonProcessingException e) {
            throw new SQLException("ticket " + rs.getLong("id") + ": unreadable JSON column", e);
        }
        n.put("current_workflow_step", rs.getInt("current_workflow_step"));
        n.put("status", rs.getString("status"));
        putInteger(n, "failed_step", Sql.integer(rs, "failed_step"));
        n.put("reason", rs.getString("reason"));
        n.put("priority", rs.getInt("priority"));
        putTime(n, "queued_at", rs, "queued_at");
        putTime(n, "started_at", rs, "started_at");
        putTime(n, "last_heartbeat", rs, "last_heartbeat");
        Integer total = Sql.integer(rs, "progress_total");
        if (total == null) {
            n.putNull("progress");
        } else {
            ObjectNode p = n.putObject("progress");
            p.put("current", Sql.integer(rs, "progress_current"));
            p.put("total", total);
            p.put("message", rs.getString("progress_message"));
        }
        putTime(n, "created", rs, "created_at");
        putTime(n, "updated", rs, "updated_at");
        return n;
    }

    private ObjectNode subticket(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.SUBTICKET, rs);
        n.put("ticket", Resource.TICKET.uri(rs.getLong("ticket_id")));
        n.put("source_package_upload", Resource.SPU.uri(rs.getLong("spu_id")));
        n.put("assignee", rs.getString("assignee"));
        n.put("upload", rs.getString("upload"));
        n.put("current_workflow_step", rs.getInt("current_workflow_step"));
        n.put("status", rs.getString("status"));
        return n;
    }

    private ObjectNode spu(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.SPU, rs);
        n.put("sourcepackage", Resource.SOURCEPACKAGE.uri(rs.getLong("sourcepackage_id")));
        n.put("version", rs.getString("version"));
        return n;
    }

    private ObjectNode sourcePackage(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.SOURCEPACKAGE, rs);
        n.put("name", rs.getString("name"));
        return n;
    }

    private ObjectNode binaryPackage(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.BINARYPACKAGE, rs);
        n.put("name", rs.getString("name"));
        long source = rs.getLong("sourcepackage_id");
        if (rs.wasNull()) {
            n.putNull("sourcepackage");
        } else {
            n.put("sourcepackage", Resource.SOURCEPACKAGE.uri(source));
        }
        n.put("seeded", rs.getBoolean("seeded"));
        return n;
    }

    private ObjectNode ticketArtifact(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.TICKETARTIFACT, rs);
        n.put("ticket", Resource.TICKET.uri(rs.getLong("ticket_id")));
        artifactFields(n, rs);
        return n;
    }

    private ObjectNode subticketArtifact(ResultSet rs) throws SQLException {
        ObjectNode n = node(Resource.SUBTICKETARTIFACT, rs);
        n.put("subticket", Resource.SUBTICKET.uri(rs.getLong("subticket_id")));
        artifactFields(n, rs);
        return n;
    }

    private static void artifactFields(ObjectNode n, ResultSet rs) throws SQLException {
        n.put("name", rs.getString("name"));
        n.put("reference", rs.getString("reference"));
        n.put("type", rs.getString("type"));
    }

    private static void putInteger(ObjectNode n, String field, Integer value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void putTime(ObjectNode n, String field, ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, t.withOffsetSameInstant(ZoneOffset.UTC).toString());
        }
    }

    // ---- writes

    /**
     * A new ticket, held at step 100 (status WAITING) until its uploads are attached and it is
     * queued with {@code updateticketstatus} — the seed's CLI creates the ticket first and its
     * subtickets after, so a ticket queued at once would run without them.
     */
    long createTicket(Connection c, RequestBody body) throws SQLException {
        String overrides;
        try {
            overrides = Json.MAPPER.writeValueAsString(body.has("overrides")
                    ? Json.MAPPER.treeToValue(body.raw("overrides"), Overrides.class)
                    : Overrides.NONE);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("overrides: expected {\"ignore_architectures\": [...], "
                    + "\"ignore_failures\": [step codes], \"skip_tests\": true|false}");
        }
        String binaries;
        try {
            binaries = Json.MAPPER.writeValueAsString(body.stringList("binary_packages"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        OffsetDateTime now = Sql.now();
        return Sql.insert(c, "INSERT INTO ticket (title, description, owner, bug_id, series, binary_packages, overrides,"
                        + " current_workflow_step, status, priority, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                body.text("title"), body.longText("description").orElse(""), body.text("owner"),
                body.optionalText("bug_id").orElse(null), body.optionalText("series").orElse(defaultSeries),
                binaries, overrides, WorkflowStep.QUEUED.code(), TicketStatus.WAITING.name(),
                body.integer("priority").orElse(0), now, now);
    }

    long createSourcePackage(Connection c, RequestBody body) throws SQLException {
        String name = body.text("name");
        if (!name.matches("[a-z0-9][a-z0-9+.-]+")) {
            throw ApiException.badRequest("name: '" + name + "' is not a Debian source package name");
        }
        if (Sql.count(c, "SELECT COUNT(*) FROM sourcepackage WHERE name = ?", name) > 0) {
            throw ApiException.badRequest("name: source package '" + name + "' exists");
        }
        return Sql.insert(c, "INSERT INTO sourcepackage (name) VALUES (?)", name);
    }

    long createBinaryPackage(Connection c, RequestBody body) throws SQLException {
        String name = body.text("name");
        Long source = body.has("sourcepackage")
                ? existing(c, Resource.SOURCEPACKAGE, "sourcepackage", body.text("sourcepackage"))
                : null;
        if (Sql.count(c, "SELECT COUNT(*) FROM binarypackage WHERE name = ?", name) > 0) {
            throw ApiException.badRequest("name: binary package '" + name + "' exists");
        }
        return Sql.insert(c, "INSERT INTO binarypackage (name, sourcepackage_id, seeded) VALUES (?, ?, ?)",
                name, source, body.bool("seeded").orElse(false));
    }

    long createSpu(Connection c, RequestBody body) throws SQLException {
        long source = existing(c, Resource.SOURCEPACKAGE, "sourcepackage", body.text("sourcepackage"));
        return Sql.insert(c, "INSERT INTO spu (sourcepackage_id, version) VALUES (?, ?)", source, body.text("version"));
    }

    long createSubticket(Connection c, RequestBody body) throws SQLException {
        long spu = existing(c, Resource.SPU, "source_package_upload", body.text("source_package_upload"));
        long ticket = existing(c, Resource.TICKET, "ticket", body.text("ticket"));
        requireHeld(c, ticket);
        return Sql.insert(c, "INSERT INTO subticket (ticket_id, spu_id, assignee, current_workflow_step, status)"
                        + " VALUES (?, ?, ?, ?, ?)",
                ticket, spu, body.optionalText("assignee").orElse(null), WorkflowStep.QUEUED.code(), TicketStatus.QUEUED.name());
    }

    long createTicketArtifact(Connection c, RequestBody body) throws SQLException {
        long ticket = existing(c, Resource.TICKET, "ticket", body.text("ticket"));
        ArtifactType type = body.artifactType("type", TICKET_ARTIFACT_TYPES);
        return insertArtifact(c, "ticketartifact", "ticket_id", ticket, body.text("name"), body.text("reference"), type);
    }

    long createSubticketArtifact(Connection c, RequestBody body) throws SQLException {
        long sub = existing(c, Resource.SUBTICKET, "subticket", body.text("subticket"));
        ArtifactType type = body.artifactType("type", SUBTICKET_ARTIFACT_TYPES);
        return insertArtifact(c, "subticketartifact", "subticket_id", sub, body.text("name"), body.text("reference"), type);
    }

    /**
     * A new artifact, or the one of that name updated: a reporter that sends its artifacts again
     * after a crash (the Jenkins bridge, a resumed lander) gets the same resource, not a twin.
     */
    private static long insertArtifact(Connection c, String table, String owner, long ownerId, String name, String reference,
            ArtifactType type) throws SQLException {
        Optional<Long> known = Sql.one(c, "SELECT id FROM " + table + " WHERE " + owner + " = ? AND name = ? FOR UPDATE",
                rs -> rs.getLong(1), ownerId, name);
        if (known.isPresent()) {
            Sql.update(c, "UPDATE " + table + " SET reference = ?, type = ? WHERE id = ?", reference, type.name(), known.get());
            return known.get();
        }
        return Sql.insert(c, "INSERT INTO " + table + " (" + owner + ", name, reference, type) VALUES (?, ?, ?, ?)",
                ownerId, name, reference, type.name());
    }

    /** Subtickets are fixed once the ticket is queued (seed: no editing in phase 0). */
    private static void requireHeld(Connection c, long ticket) throws SQLException {
        boolean held = Sql.one(c, "SELECT status FROM ticket WHERE id = ?", rs -> rs.getString(1), ticket)
                .map(TicketStatus.WAITING.name()::equals)
                .orElse(false);
        if (!held) {
            throw ApiException.badRequest("ticket: " + Resource.TICKET.uri(ticket)
                    + " is no longer open for new subtickets (it is queued or done)");
        }
    }

    /** The id of the resource a reference names, checked to exist: a 400 otherwise. */
    static long existing(Connection c, Resource r, String field, String reference) throws SQLException {
        long id = r.idOf(field, reference);
        if (Sql.count(c, "SELECT COUNT(*) FROM " + r.table() + " WHERE id = ?", id) == 0) {
            throw ApiException.badRequest(field + ": " + r.uri(id) + " does not exist");
        }
        return id;
    }

    /** The ticket's step and status as the PATCH asks; the ticket row stays locked until commit. */
    Optional<StatusChange> updateTicketStatus(Connection c, long id, RequestBody body) throws SQLException {
        Optional<WorkflowStep> step = body.step("current_workflow_step");
        Optional<TicketStatus> status = body.status("status");
        if (step.isEmpty() && status.isEmpty()) {
            throw ApiException.badRequest("give current_workflow_step, status or both");
        }
        Optional<StatusChange> before = Sql.one(c, "SELECT current_workflow_step, status FROM ticket WHERE id = ? FOR UPDATE",
                rs -> new StatusChange(id, WorkflowStep.fromCode(rs.getInt(1)), TicketStatus.valueOf(rs.getString(2))), id);
        if (before.isEmpty()) {
            throw ApiException.notFound("no ticket " + id);
        }
        // a cancelled ticket is closed: step 999 unless the caller says otherwise
        WorkflowStep closing = status.orElse(null) == TicketStatus.CANCELLED ? WorkflowStep.FAILED : before.get().step();
        StatusChange after = new StatusChange(id, step.orElse(closing), status.orElse(before.get().status()));
        boolean queueing = after.status() == TicketStatus.QUEUED && after.step() == WorkflowStep.QUEUED
                && before.get().status() != TicketStatus.QUEUED;
        // the queue resumes a started ticket from its journal; landing it afresh needs a new ticket
        if (queueing && Sql.count(c, "SELECT COUNT(*) FROM ticket WHERE id = ? AND started_at IS NOT NULL", id) > 0) {
            throw ApiException.badRequest("ticket " + id + " has already been through the Lander; submit a new ticket");
        }
        boolean ends = after.step().isTerminal() || after.status() == TicketStatus.CANCELLED;
        // a ticket stopped at a step says which: a cancel at 200 is failed_step 200
        Sql.update(c, "UPDATE ticket SET failed_step = CASE WHEN ? AND failed_step IS NULL AND current_workflow_step NOT IN"
                        + " (999, 1000) AND ? <> 1000 THEN current_workflow_step ELSE failed_step END,"
                        + " current_workflow_step = ?, status = ?, reason = COALESCE(?, reason),"
                        + " queued_at = CASE WHEN ? THEN ? ELSE queued_at END, updated_at = ?,"
                        + " finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?",
                ends, after.step().code(), after.step().code(), after.status().name(),
                body.optionalText("reason").orElse(null), queueing, Sql.now(), Sql.now(), ends, Sql.now(), id);
        if (after.status() == TicketStatus.CANCELLED) {
            cancelOpenSubtickets(c, id);
        }
        return Optional.of(after);
    }

    /** A cancelled ticket's subtickets that had not finished are cancelled with it. */
    static void cancelOpenSubtickets(Connection c, long ticket) throws SQLException {
        Sql.update(c, "UPDATE subticket SET status = ? WHERE ticket_id = ? AND status NOT IN (?, ?, ?)",
                TicketStatus.CANCELLED.name(), ticket, TicketStatus.COMPLETED.name(), TicketStatus.FAILED.name(),
                TicketStatus.CANCELLED.name());
    }

    void updateSubticketStatus(Connection c, long id, RequestBody body) throws SQLException {
        Optional<WorkflowStep> step = body.step("current_workflow_step");
        Optional<TicketStatus> status = body.status("status");
        if (step.isEmpty() && status.isEmpty()) {
            throw ApiException.badRequest("give current_workflow_step, status or both");
        }
        int n = Sql.update(c, "UPDATE subticket SET current_workflow_step = COALESCE(?, current_workflow_step),"
                        + " status = COALESCE(?, status) WHERE id = ?",
                step.map(WorkflowStep::code).orElse(null), status.map(Enum::name).orElse(null), id);
        if (n == 0) {
            throw ApiException.notFound("no subticket " + id);
        }
    }

    /** A ticket's step and status after a change. */
    record StatusChange(long ticket, WorkflowStep step, TicketStatus status) {}
}
