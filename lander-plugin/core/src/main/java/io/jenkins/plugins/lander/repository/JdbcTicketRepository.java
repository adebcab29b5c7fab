package io.jenkins.plugins.lander.repository;

import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ticket repository over the Ticket System's tables (H2 or PostgreSQL), so that every step the
 * Lander saves is what the API and the status page show. Each call is one transaction.
 */
public final class JdbcTicketRepository implements TicketRepository {
    /** A ticket that is closed: failed, complete or cancelled. */
    public static final String FINISHED = "(current_workflow_step IN (999, 1000) OR status = 'CANCELLED')";

    private final TicketDatabase db;

    public JdbcTicketRepository(TicketDatabase db) {
        this.db = db;
    }

    public TicketDatabase database() {
        return db;
    }

    @Override
    public Ticket create(Ticket ticket) {
        return db.transaction(c -> {
            OffsetDateTime now = Sql.now();
            long id = Sql.insert(c, "INSERT INTO ticket (title, description, owner, bug_id, series, binary_packages, overrides,"
                            + " hints, automatic, current_workflow_step, status, priority, origin, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    ticket.getTitle(), ticket.getDescription() == null ? "" : ticket.getDescription(), ticket.getOwner(),
                    ticket.getBugId(), ticket.getSeries(), json(ticket.getBinaryPackages()), json(ticket.getOverrides()),
                    json(ticket.getHints()), ticket.isAutomatic(),
                    ticket.getCurrentWorkflowStep().code(), ticket.getStatus().name(), ticket.getOrigin().json(), now, now);
            ticket.setId(Long.toString(id));
            for (SubTicket sub : ticket.getSubtickets()) {
                long source = sourcePackage(c, sub.getSourcePackage());
                long spu = Sql.insert(c, "INSERT INTO spu (sourcepackage_id, version) VALUES (?, ?)", source, sub.getVersion());
                sub.setId(Math.toIntExact(Sql.insert(c, "INSERT INTO subticket (ticket_id, spu_id, assignee, upload, signature,"
                                + " current_workflow_step, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        id, spu, ticket.getOwner(), sub.getUpload(), sub.getSignature(), sub.getCurrentWorkflowStep().code(),
                        sub.getStatus().name())));
            }
            return ticket;
        });
    }

    /**
     * The source package's id, recorded the first time a ticket brings it (seed: sourcepackage).
     * Two transactions may record the same new name at once; the loser of the unique-key race
     * reads the winner's row.
     */
    public static long sourcePackage(Connection c, String name) throws SQLException {
        Optional<Long> known = Sql.one(c, "SELECT id FROM sourcepackage WHERE name = ?", rs -> rs.getLong(1), name);
        if (known.isPresent()) {
            return known.get();
        }
        java.sql.Savepoint before = c.setSavepoint();
        try {
            return Sql.insert(c, "INSERT INTO sourcepackage (name) VALUES (?)", name);
        } catch (SQLException e) {
            c.rollback(before);
            return Sql.one(c, "SELECT id FROM sourcepackage WHERE name = ?", rs -> rs.getLong(1), name).orElseThrow(() -> e);
        }
    }

    /**
     * Saves the ticket, unless the stored ticket is already finished: a finished ticket's state
     * is final, whoever still holds an older copy (a cancelled landing, one reclaimed as
     * unresponsive). Its artifacts are still recorded.
     */
    @Override
    public void save(Ticket ticket) {
        db.transaction(c -> {
            long id = Long.parseLong(ticket.getId());
            boolean open = Sql.update(c, "UPDATE ticket SET current_workflow_step = ?, status = ?, failed_step = ?, reason = ?,"
                            + " hints = ?, triggered_tests = ?, updated_at = ?, finished_at = CASE WHEN ? THEN ? ELSE NULL END"
                            + " WHERE id = ? AND NOT " + FINISHED,
                    ticket.getCurrentWorkflowStep().code(), ticket.getStatus().name(),
                    ticket.getFailedStep() == null ? null : ticket.getFailedStep().code(), ticket.getReason(),
                    json(ticket.getHints()), ticket.getTriggeredTests() == null ? null : json(ticket.getTriggeredTests()),
                    Sql.now(), ticket.isFinished(), Sql.now(), id) == 1;
            for (Artifact a : ticket.getArtifacts()) {
                saveArtifact(c, "ticketartifact", "ticket_id", id, a);
            }
            for (SubTicket sub : ticket.getSubtickets()) {
                if (open) {
                    Sql.update(c, "UPDATE subticket SET current_workflow_step = ?, status = ?, upload = ?, signature = ?,"
                                    + " tests = ? WHERE id = ?",
                            sub.getCurrentWorkflowStep().code(), sub.getStatus().name(), sub.getUpload(), sub.getSignature(),
                            TestVerdicts.column(sub.getTests()), sub.getId());
                }
                for (Artifact a : sub.getArtifacts()) {
                    saveArtifact(c, "subticketartifact", "subticket_id", sub.getId(), a);
                }
            }
            return null;
        });
    }

    /** Artifacts keep their id (and URI) across saves: updated by name, inserted when new. */
    private static void saveArtifact(Connection c, String table, String owner, long ownerId, Artifact a) throws SQLException {
        int n = Sql.update(c, "UPDATE " + table + " SET reference = ?, type = ? WHERE " + owner + " = ? AND name = ?",
                a.reference(), a.type().name(), ownerId, a.name());
        if (n == 0) {
            Sql.update(c, "INSERT INTO " + table + " (" + owner + ", name, reference, type) VALUES (?, ?, ?, ?)",
                    ownerId, a.name(), a.reference(), a.type().name());
        }
    }

    @Override
    public Optional<Ticket> find(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return db.transaction(c -> load(c, Long.parseLong(id)));
    }

    @Override
    public List<Ticket> unfinished() {
        return db.transaction(c -> {
            List<Ticket> out = new ArrayList<>();
            for (long id : Sql.query(c, "SELECT id FROM ticket WHERE NOT " + FINISHED + " ORDER BY id", rs -> rs.getLong(1))) {
                load(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public void queue(String id) {
        db.transaction(c -> Sql.update(c, "UPDATE ticket SET status = ?, current_workflow_step = ?, queued_at = ?, updated_at = ?"
                + " WHERE id = ?", TicketStatus.QUEUED.name(), WorkflowStep.QUEUED.code(), Sql.now(), Sql.now(), Long.parseLong(id)));
    }

    @Override
    public boolean claim(String id, String landedBy, int slots, Collection<String> abandoned) {
        long ticket = Long.parseLong(id);
        return db.transaction(c -> {
            Sql.one(c, "SELECT id FROM scheduler WHERE id = 1 FOR UPDATE", rs -> rs.getInt(1));
            Optional<Queued> found = Sql.one(c, "SELECT id, status, started_at, " + FINISHED + " AS finished FROM ticket"
                    + " WHERE id = ? FOR UPDATE", rs -> new Queued(rs.getString("status"),
                            rs.getObject("started_at", OffsetDateTime.class) != null, rs.getBoolean("finished")), ticket);
            if (found.isEmpty() || found.get().finished()) {
                return false;
            }
            if (!found.get().started()) {
                if (!found.get().status().equals(TicketStatus.QUEUED.name())) {
                    return false; // still at intake (WAITING), or held by an operator
                }
                long landing = Sql.query(c, "SELECT id FROM ticket WHERE started_at IS NOT NULL AND NOT " + FINISHED,
                                rs -> Long.toString(rs.getLong(1))).stream()
                        .filter(t -> !abandoned.contains(t))
                        .count();
                if (landing >= slots || !conflicts(c, ticket).isEmpty()) {
                    return false;
                }
            }
            Sql.update(c, "UPDATE ticket SET started_at = COALESCE(started_at, ?), landed_by = ? WHERE id = ?",
                    Sql.now(), landedBy, ticket);
            Sql.update(c, "UPDATE scheduler SET changed_at = ? WHERE id = 1", Sql.now());
            return true;
        });
    }

    private record Queued(String status, boolean started, boolean finished) {}

    @Override
    public List<String> queued(Origin origin) {
        return db.transaction(c -> Sql.query(c, "SELECT id FROM ticket WHERE status = ? AND started_at IS NULL"
                        + " AND current_workflow_step = ? AND origin = ? ORDER BY priority DESC, queued_at, id",
                rs -> Long.toString(rs.getLong(1)), TicketStatus.QUEUED.name(), WorkflowStep.QUEUED.code(), origin.json()));
    }

    @Override
    public List<String> started() {
        return db.transaction(c -> Sql.query(c, "SELECT id FROM ticket WHERE started_at IS NOT NULL AND NOT " + FINISHED
                + " ORDER BY id", rs -> Long.toString(rs.getLong(1))));
    }

    @Override
    public Optional<QueueTimes> queueTimes(String id) {
        return db.transaction(c -> Sql.one(c, "SELECT queued_at, started_at FROM ticket WHERE id = ?",
                rs -> new QueueTimes(instant(rs.getObject(1, OffsetDateTime.class)), instant(rs.getObject(2, OffsetDateTime.class))),
                Long.parseLong(id)));
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public List<Conflict> conflicts(String id) {
        return db.transaction(c -> conflicts(c, Long.parseLong(id)));
    }

    /**
     * The conflict rule: an unfinished ticket of the same series that shares a source package
     * with this one and is being landed, or is ahead of it in the queue (priority, then FIFO).
     */
    private static List<Conflict> conflicts(Connection c, long id) throws SQLException {
        Map<String, List<String>> shared = new LinkedHashMap<>();
        Map<String, Boolean> started = new LinkedHashMap<>();
        Sql.query(c, "SELECT u.id, p.name, u.started_at FROM ticket t"
                        + " JOIN ticket u ON u.series = t.series AND u.id <> t.id"
                        + " JOIN subticket su ON su.ticket_id = u.id JOIN spu uu ON uu.id = su.spu_id"
                        + " JOIN sourcepackage p ON p.id = uu.sourcepackage_id"
                        + " WHERE t.id = ? AND u.status <> 'WAITING' AND NOT (u.current_workflow_step IN (999, 1000)"
                        + " OR u.status = 'CANCELLED')"
                        + " AND (u.started_at IS NOT NULL OR u.priority > t.priority OR (u.priority = t.priority"
                        + " AND (u.queued_at < t.queued_at OR (u.queued_at = t.queued_at AND u.id < t.id))))"
                        + " AND uu.sourcepackage_id IN (SELECT mine.sourcepackage_id FROM subticket s2"
                        + " JOIN spu mine ON mine.id = s2.spu_id WHERE s2.ticket_id = t.id)"
                        + " ORDER BY u.id, p.name",
                rs -> {
                    String other = Long.toString(rs.getLong(1));
                    shared.computeIfAbsent(other, k -> new ArrayList<>()).add(rs.getString(2));
                    started.put(other, rs.getObject(3, OffsetDateTime.class) != null);
                    return null;
                }, id);
        List<Conflict> out = new ArrayList<>();
        shared.forEach((other, sources) -> out.add(new Conflict(other, List.copyOf(sources), started.get(other))));
        return out;
    }

    public static Optional<Ticket> load(Connection c, long id) throws SQLException {
        Optional<Ticket> found = Sql.one(c, "SELECT * FROM ticket WHERE id = ?", JdbcTicketRepository::ticket, id);
        if (found.isEmpty()) {
            return found;
        }
        Ticket t = found.get();
        t.setSubtickets(Sql.query(c, "SELECT s.*, p.name AS source_name, u.version FROM subticket s"
                        + " JOIN spu u ON u.id = s.spu_id JOIN sourcepackage p ON p.id = u.sourcepackage_id"
                        + " WHERE s.ticket_id = ? ORDER BY s.id",
                JdbcTicketRepository::subticket, id));
        for (SubTicket sub : t.getSubtickets()) {
            sub.setArtifacts(artifacts(c, "subticketartifact", "subticket_id", sub.getId()));
        }
        t.setArtifacts(artifacts(c, "ticketartifact", "ticket_id", id));
        return found;
    }

    private static Ticket ticket(ResultSet rs) throws SQLException {
        Ticket t = new Ticket();
        t.setId(Long.toString(rs.getLong("id")));
        t.setTitle(rs.getString("title"));
        t.setDescription(rs.getString("description"));
        t.setOwner(rs.getString("owner"));
        t.setBugId(rs.getString("bug_id"));
        t.setSeries(rs.getString("series"));
        t.setOrigin(Origin.parse(rs.getString("origin")));
        t.setAutomatic(rs.getBoolean("automatic"));
        try {
            t.setBinaryPackages(List.of(Json.MAPPER.readValue(rs.getString("binary_packages"), String[].class)));
            t.setOverrides(Json.MAPPER.readValue(rs.getString("overrides"), Overrides.class));
            t.setHints(List.of(Json.MAPPER.readValue(rs.getString("hints"), String[].class)));
            String triggered = rs.getString("triggered_tests");
            t.setTriggeredTests(triggered == null ? null : Json.MAPPER.readValue(triggered, TriggeredTable.class));
        } catch (IOException e) {
            throw new SQLException("ticket " + t.getId() + ": unreadable JSON column", e);
        }
        t.setCurrentWorkflowStep(WorkflowStep.fromCode(rs.getInt("current_workflow_step")));
        t.setStatus(TicketStatus.valueOf(rs.getString("status")));
        Integer failed = Sql.integer(rs, "failed_step");
        t.setFailedStep(failed == null ? null : WorkflowStep.fromCode(failed));
        t.setReason(rs.getString("reason"));
        return t;
    }

    private static SubTicket subticket(ResultSet rs) throws SQLException {
        SubTicket s = new SubTicket(Math.toIntExact(rs.getLong("id")), rs.getString("source_name"), rs.getString("version"),
                rs.getString("upload"));
        s.setCurrentWorkflowStep(WorkflowStep.fromCode(rs.getInt("current_workflow_step")));
        s.setStatus(TicketStatus.valueOf(rs.getString("status")));
        s.setSignature(rs.getString("signature"));
        s.setTests(TestVerdicts.read(rs.getString("tests")));
        return s;
    }

    private static List<Artifact> artifacts(Connection c, String table, String owner, long id) throws SQLException {
        return Sql.query(c, "SELECT name, type, reference FROM " + table + " WHERE " + owner + " = ? ORDER BY id",
                rs -> new Artifact(rs.getString(1), ArtifactType.valueOf(rs.getString(2)), rs.getString(3)), id);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
