package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TestVerdicts;
import io.jenkins.plugins.lander.source.DebianNames;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.IllegalTransitionException;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.TicketState;
import io.jenkins.plugins.lander.ticket.TicketStateMachine;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's resources as rows and back: reads render the seed's JSON (field names of the models,
 * references as resource URIs), writes check every value and reference inside the caller's
 * transaction, and a write that loses a race for a unique key is answered as if it came second.
 */
final class TicketRecords {
    static final List<Field> TICKET_FIELDS = List.of(Field.TITLE, Field.DESCRIPTION, Field.OWNER, Field.BUG_ID, Field.SERIES,
            Field.BINARY_PACKAGES, Field.OVERRIDES, Field.HINTS, Field.AUTOMATIC, Field.PRIORITY);
    static final List<Field> STATUS_FIELDS = List.of(Field.CURRENT_WORKFLOW_STEP, Field.STATUS, Field.REASON);
    static final List<Field> SPU_FIELDS = List.of(Field.SOURCEPACKAGE, Field.VERSION);
    static final List<Field> SUBTICKET_FIELDS = List.of(Field.SOURCE_PACKAGE_UPLOAD, Field.TICKET, Field.ASSIGNEE);
    static final List<Field> SOURCEPACKAGE_FIELDS = List.of(Field.PACKAGE_NAME);
    static final List<Field> BINARYPACKAGE_FIELDS = List.of(Field.PACKAGE_NAME, Field.SOURCEPACKAGE, Field.SEEDED);
    static final List<Field> TICKET_ARTIFACT_FIELDS = List.of(Field.ARTIFACT_NAME, Field.TICKET, Field.REFERENCE, Field.ARTIFACT_TYPE);
    static final List<Field> SUBTICKET_ARTIFACT_FIELDS = List.of(Field.ARTIFACT_NAME, Field.SUBTICKET, Field.REFERENCE,
            Field.ARTIFACT_TYPE);
    static final Set<ArtifactType> TICKET_ARTIFACT_TYPES = Set.of(ArtifactType.RESULTS, ArtifactType.LOGS, ArtifactType.IMAGE);
    static final Set<ArtifactType> SUBTICKET_ARTIFACT_TYPES = Set.of(ArtifactType.SPU, ArtifactType.RESULTS, ArtifactType.LOGS);
    private static final String FINISHED = "(current_workflow_step IN (999, 1000) OR status = 'CANCELLED')";
    // SQL:2003 and both databases: a unique constraint violated
    private static final String UNIQUE_VIOLATION = "23505";
    // a path segment of an artifact's name: no '.', '..', hidden or empty segment, nothing a shell or a URL treats apart
    private static final Pattern ARTIFACT_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+~:@=,-]*");

    private final String defaultSeries;
    private final DataStore store;

    TicketRecords(String defaultSeries, DataStore store) {
        this.defaultSeries = defaultSeries;
        this.store = store;
    }

    // ---- reads

    /** A page of a resource's rows, as tastypie lists them: {@code meta} and {@code objects}. */
    ObjectNode list(Connection c, Resource r, String where, int limit, int offset, Object... params) throws SQLException {
        return page(c, r, where, "id", limit, offset, params);
    }

    /** A page of tickets, the newest first (the status page). */
    ObjectNode newestTickets(Connection c, int limit, int offset) throws SQLException {
        return page(c, Resource.TICKET, null, "id DESC", limit, offset);
    }

    private ObjectNode page(Connection c, Resource r, String where, String order, int limit, int offset, Object... params)
            throws SQLException {
        String filter = where == null ? "" : " WHERE " + where;
        long total = Sql.count(c, "SELECT COUNT(*) FROM " + r.table() + filter, params);
        Object[] all = new Object[params.length + 2];
        System.arraycopy(params, 0, all, 0, params.length);
        all[params.length] = limit;
        all[params.length + 1] = offset;
        List<ObjectNode> rows = Sql.query(c, "SELECT * FROM " + r.table() + filter + " ORDER BY " + order + " LIMIT ? OFFSET ?",
                rs -> render(c, r, rs), all);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode meta = out.putObject("meta");
        meta.put("limit", limit);
        meta.put("offset", offset);
        meta.put("total_count", total);
        String base = Resource.PREFIX + r.table() + "/";
        long next = (long) offset + limit; // an offset near Integer.MAX_VALUE must not wrap
        if (next < total) {
            meta.put("next", base + "?limit=" + limit + "&offset=" + next);
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
            n.set("hints", Json.MAPPER.readTree(rs.getString("hints")));
            String triggered = rs.getString("triggered_tests");
            n.set("triggered_tests", triggered == null ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(triggered));
        } catch (JsonProcessingException e) {
            throw new SQLException("ticket " + rs.getLong("id") + ": unreadable JSON column", e);
        }
        n.put("automatic", rs.getBoolean("automatic"));
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
        n.put("signature", rs.getString("signature"));
        n.put("current_workflow_step", rs.getInt("current_workflow_step"));
        n.put("status", rs.getString("status"));
        n.set("tests", TestVerdicts.json(rs.getString("tests")));
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
            overrides = Json.MAPPER.writeValueAsString(overrides(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<String> binaryPackages = body.stringList(Field.BINARY_PACKAGES);
        for (String name : binaryPackages) {
            requirePackageName(Field.BINARY_PACKAGES, name);
        }
        String hints = hints(body);
        boolean automatic = body.strictBool(Field.AUTOMATIC).orElse(false);
        String series = body.optionalText(Field.SERIES).orElse(defaultSeries);
        if (!DebianNames.isSuite(series)) {
            throw ApiException.badRequest("series: '" + series + "' is not a Debian suite name");
        }
        String binaries;
        try {
            binaries = Json.MAPPER.writeValueAsString(binaryPackages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        OffsetDateTime now = Sql.now();
        return Sql.insert(c, "INSERT INTO ticket (title, description, owner, bug_id, series, binary_packages, overrides,"
                        + " hints, automatic, current_workflow_step, status, priority, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                body.text(Field.TITLE), body.optionalText(Field.DESCRIPTION).orElse(""), body.text(Field.OWNER),
                body.optionalText(Field.BUG_ID).orElse(null), series, binaries, overrides, hints, automatic,
                WorkflowStep.QUEUED.code(),
                TicketStatus.WAITING.name(), body.integer(Field.PRIORITY).orElse(0), now, now);
    }

    /** The hints as a JSON list, each checked as every face checks it: a bad one is a 400 naming it. */
    private static String hints(RequestBody body) {
        List<String> hints = body.stringList(Field.HINTS);
        try {
            Hint.parseAll(hints);
            return Json.MAPPER.writeValueAsString(hints);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("hints: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Overrides overrides(RequestBody body) {
        if (!body.has(Field.OVERRIDES)) {
            return Overrides.NONE;
        }
        try {
            return Json.MAPPER.treeToValue(body.raw(Field.OVERRIDES), Overrides.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // an override that does not exist: Overrides says which, as on every face
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw ApiException.badRequest("overrides: " + refused.getMessage());
            }
            throw ApiException.badRequest("overrides: expected {\"ignore_architectures\": [...], "
                    + "\"ignore_failures\": [200 and/or 400], \"skip_tests\": true|false}");
        }
    }

    private static void requirePackageName(Field field, String name) {
        if (!DebianNames.isPackageName(name)) {
            throw ApiException.badRequest(field.json() + ": '" + name + "' is not a Debian package name");
        }
    }

    long createSourcePackage(Connection c, RequestBody body) throws SQLException {
        String name = body.text(Field.PACKAGE_NAME);
        if (!DebianNames.isPackageName(name)) {
            throw ApiException.badRequest("name: '" + name + "' is not a Debian source package name");
        }
        return insertUnlessTaken(c, "INSERT INTO sourcepackage (name) VALUES (?)", name)
                .orElseThrow(() -> ApiException.badRequest("name: source package '" + name + "' exists"));
    }

    long createBinaryPackage(Connection c, RequestBody body) throws SQLException {
        String name = body.text(Field.PACKAGE_NAME);
        requirePackageName(Field.PACKAGE_NAME, name);
        Long source = body.has(Field.SOURCEPACKAGE)
                ? existing(c, Resource.SOURCEPACKAGE, Field.SOURCEPACKAGE, body.text(Field.SOURCEPACKAGE))
                : null;
        boolean seeded = body.bool(Field.SEEDED).orElse(false);
        return insertUnlessTaken(c, "INSERT INTO binarypackage (name, sourcepackage_id, seeded) VALUES (?, ?, ?)",
                        name, source, seeded)
                .orElseThrow(() -> ApiException.badRequest("name: binary package '" + name + "' exists"));
    }

    /**
     * Runs an insert that may lose a race for a unique key: the loser gets nothing back and its
     * transaction goes on (the savepoint undoes the failed statement, which PostgreSQL requires).
     */
    private static Optional<Long> insertUnlessTaken(Connection c, String sql, Object... params) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            long id = Sql.insert(c, sql, params);
            c.releaseSavepoint(before);
            return Optional.of(id);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            return Optional.empty();
        }
    }

    long createSpu(Connection c, RequestBody body) throws SQLException {
        long source = existing(c, Resource.SOURCEPACKAGE, Field.SOURCEPACKAGE, body.text(Field.SOURCEPACKAGE));
        String version = body.text(Field.VERSION);
        if (!DebianNames.isVersion(version)) {
            throw ApiException.badRequest("version: '" + version + "' is not a Debian version");
        }
        return Sql.insert(c, "INSERT INTO spu (sourcepackage_id, version) VALUES (?, ?)", source, version);
    }

    long createSubticket(Connection c, RequestBody body) throws SQLException {
        long spu = existing(c, Resource.SPU, Field.SOURCE_PACKAGE_UPLOAD, body.text(Field.SOURCE_PACKAGE_UPLOAD));
        long ticket = existing(c, Resource.TICKET, Field.TICKET, body.text(Field.TICKET));
        requireHeld(c, ticket, "subtickets");
        return Sql.insert(c, "INSERT INTO subticket (ticket_id, spu_id, assignee, current_workflow_step, status)"
                        + " VALUES (?, ?, ?, ?, ?)",
                ticket, spu, body.optionalText(Field.ASSIGNEE).orElse(null), WorkflowStep.QUEUED.code(),
                TicketStatus.QUEUED.name());
    }

    long createTicketArtifact(Connection c, RequestBody body) throws SQLException {
        long ticket = existing(c, Resource.TICKET, Field.TICKET, body.text(Field.TICKET));
        ArtifactType type = body.artifactType(Field.ARTIFACT_TYPE, TICKET_ARTIFACT_TYPES);
        return upsertArtifact(c, "ticketartifact", "ticket_id", ticket, artifactName(body), reference(body, ticket), type);
    }

    /** SPU artifacts are the upload: attached only while the ticket is held, as its subtickets are. */
    long createSubticketArtifact(Connection c, RequestBody body) throws SQLException {
        long sub = existing(c, Resource.SUBTICKET, Field.SUBTICKET, body.text(Field.SUBTICKET));
        ArtifactType type = body.artifactType(Field.ARTIFACT_TYPE, SUBTICKET_ARTIFACT_TYPES);
        long ticket = Sql.one(c, "SELECT ticket_id FROM subticket WHERE id = ?", rs -> rs.getLong(1), sub).orElseThrow();
        if (type == ArtifactType.SPU) {
            requireHeld(c, ticket, "uploads");
        }
        return upsertArtifact(c, "subticketartifact", "subticket_id", sub, artifactName(body), reference(body, ticket), type);
    }

    /** A relative path of plain segments, as the data store and the status page's links take it. */
    private static String artifactName(RequestBody body) {
        String name = body.text(Field.ARTIFACT_NAME);
        for (String segment : name.split("/", -1)) {
            if (!ARTIFACT_SEGMENT.matcher(segment).matches()) {
                throw ApiException.badRequest("name: '" + name + "' is not a relative path of plain segments (letters,"
                        + " digits and . _ + ~ : @ = , -; no empty, hidden, '.' or '..' segment)");
            }
        }
        return name;
    }

    /**
     * An artifact's reference: an http(s) URL, or a file this server's data store holds for the
     * ticket, as {@code PUT /api/v1/upload/} answered (stored in that canonical form). Nothing
     * else: a {@code file:} URL elsewhere, {@code javascript:} or {@code data:} would be a link on
     * the status page or a file the queue copies.
     */
    private String reference(RequestBody body, long ticket) {
        String text = body.text(Field.REFERENCE);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // not a URL at all: refused below
        }
        Optional<DataStore.Location> stored = Stored.locate(store, text)
                .filter(f -> f.container().equals(container(ticket)))
                .filter(f -> Stored.exists(store, f));
        if (stored.isEmpty()) {
            throw ApiException.badRequest("reference: expected an http(s) URL or a reference this server's data store returned"
                    + " for ticket " + ticket + " (PUT /api/v1/upload/" + ticket + "/NAME), got '" + text + "'");
        }
        return store.reference(stored.get().container(), stored.get().name()).toString();
    }

    static String container(long ticket) {
        return Ticket.containerOf(Long.toString(ticket));
    }

    /**
     * A new artifact, or the one of that name updated: a reporter that sends its artifacts again
     * after a crash (the Jenkins bridge, a resumed lander) gets the same resource, not a twin,
     * even when two reports of it race.
     */
    private static long upsertArtifact(Connection c, String table, String owner, long ownerId, String name, String reference,
            ArtifactType type) throws SQLException {
        String find = "SELECT id FROM " + table + " WHERE " + owner + " = ? AND name = ? FOR UPDATE";
        Optional<Long> known = Sql.one(c, find, rs -> rs.getLong(1), ownerId, name);
        if (known.isEmpty()) {
            Optional<Long> inserted = insertUnlessTaken(c, "INSERT INTO " + table + " (" + owner + ", name, reference, type)"
                    + " VALUES (?, ?, ?, ?)", ownerId, name, reference, type.name());
            if (inserted.isPresent()) {
                return inserted.get();
            }
            // the race was lost to a report that has committed by now
            known = Sql.one(c, find, rs -> rs.getLong(1), ownerId, name);
        }
        long id = known.orElseThrow(() -> new SQLException(table + " " + name + ": taken, but not found"));
        Sql.update(c, "UPDATE " + table + " SET reference = ?, type = ? WHERE id = ?", reference, type.name(), id);
        return id;
    }

    /** Subtickets and uploads are fixed once the ticket is queued (seed: no editing in phase 0); the row stays locked. */
    private static void requireHeld(Connection c, long ticket, String what) throws SQLException {
        boolean held = Sql.one(c, "SELECT status FROM ticket WHERE id = ? FOR UPDATE", rs -> rs.getString(1), ticket)
                .map(TicketStatus.WAITING.name()::equals)
                .orElse(false);
        if (!held) {
            throw ApiException.badRequest("ticket: " + Resource.TICKET.uri(ticket)
                    + " is no longer open for new " + what + " (it is queued or done)");
        }
    }

    /** The id of the resource a reference names, checked to exist: a 400 otherwise. */
    static long existing(Connection c, Resource r, Field field, String reference) throws SQLException {
        long id = r.idOf(field.json(), reference);
        if (Sql.count(c, "SELECT COUNT(*) FROM " + r.table() + " WHERE id = ?", id) == 0) {
            throw ApiException.badRequest(field.json() + ": " + r.uri(id) + " does not exist");
        }
        return id;
    }

    /** The ticket's step and status as the PATCH asks, if {@link TicketStateMachine} allows it. */
    StatusChange updateTicketStatus(Connection c, long id, RequestBody body) throws SQLException {
        Optional<String> reason = body.optionalText(Field.REASON);
        Transition change = transition(c, Resource.TICKET, id, body);
        TicketState before = change.before();
        TicketState after = change.after();
        if (before.isFinal()) {
            return new StatusChange(id, after.step(), after.status()); // a repeated report: a closed ticket keeps its reason
        }
        // the engine's intake queued it already (LandingQueue.admit, before this transaction);
        // a ticket stopped at a step says which: a cancel at 200 is failed_step 200
        boolean closes = after.isFinal();
        Sql.update(c, "UPDATE ticket SET failed_step = CASE WHEN ? AND failed_step IS NULL AND ? <> 1000"
                        + " THEN current_workflow_step ELSE failed_step END, current_workflow_step = ?, status = ?,"
                        + " reason = COALESCE(?, reason), updated_at = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END"
                        + " WHERE id = ?", closes, after.step().code(), after.step().code(), after.status().name(),
                reason.orElse(null), Sql.now(), closes, Sql.now(), id);
        if (after.status() == TicketStatus.CANCELLED) {
            cancelOpenSubtickets(c, id);
        }
        return new StatusChange(id, after.step(), after.status());
    }

    /** What the PATCH asks for: a status alone keeps the step, except that a cancelled ticket closes at 999. */
    private static TicketState requested(TicketState before, Optional<WorkflowStep> step, Optional<TicketStatus> status) {
        if (step.isEmpty() && status.isEmpty()) {
            throw ApiException.badRequest("give current_workflow_step, status or both");
        }
        TicketStatus to = status.orElse(before.status());
        WorkflowStep defaultStep = to == TicketStatus.CANCELLED ? WorkflowStep.FAILED : before.step();
        return new TicketState(step.orElse(defaultStep), to);
    }

    private static TicketState state(ResultSet rs) throws SQLException {
        return new TicketState(WorkflowStep.fromCode(rs.getInt(1)), TicketStatus.valueOf(rs.getString(2)));
    }

    /** A cancelled ticket's subtickets that had not closed are cancelled with it, at step 999 as the ticket. */
    static void cancelOpenSubtickets(Connection c, long ticket) throws SQLException {
        Sql.update(c, "UPDATE subticket SET current_workflow_step = ?, status = ? WHERE ticket_id = ?"
                        + " AND current_workflow_step NOT IN (?, ?)",
                WorkflowStep.FAILED.code(), TicketStatus.CANCELLED.name(), ticket, WorkflowStep.FAILED.code(),
                WorkflowStep.COMPLETE.code());
    }

    /** The subticket's step and status, by the same state machine as tickets. */
    void updateSubticketStatus(Connection c, long id, RequestBody body) throws SQLException {
        if (body.has(Field.REASON)) {
            throw ApiException.badRequest("reason: a subticket has no reason; give it to its ticket");
        }
        TicketState after = transition(c, Resource.SUBTICKET, id, body).after();
        Sql.update(c, "UPDATE subticket SET current_workflow_step = ?, status = ? WHERE id = ?",
                after.step().code(), after.status().name(), id);
    }

    /**
     * The ticket's or subticket's state and the one the PATCH asks for, if the state machine
     * allows the change (a 409 listing what it allows otherwise); the row stays locked until commit.
     */
    private static Transition transition(Connection c, Resource r, long id, RequestBody body) throws SQLException {
        Optional<WorkflowStep> step = body.step(Field.CURRENT_WORKFLOW_STEP);
        Optional<TicketStatus> status = body.status(Field.STATUS);
        TicketState before = Sql.one(c, "SELECT current_workflow_step, status FROM " + r.table() + " WHERE id = ? FOR UPDATE",
                        TicketRecords::state, id)
                .orElseThrow(() -> ApiException.notFound("no " + r.table() + " " + id));
        TicketState after = requested(before, step, status);
        try {
            TicketStateMachine.check(before, after);
        } catch (IllegalTransitionException e) {
            throw ApiException.conflict(r.table() + " " + id, e);
        }
        return new Transition(before, after);
    }

    private record Transition(TicketState before, TicketState after) {}

    /** A ticket's step and status after a change. */
    record StatusChange(long ticket, WorkflowStep step, TicketStatus status) {}
}
