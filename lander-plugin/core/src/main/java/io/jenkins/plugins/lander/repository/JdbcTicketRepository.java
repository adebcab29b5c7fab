package io.jenkins.plugins.lander.repository;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.TicketStore;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
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
import java.util.List;
import java.util.Optional;

/**
 * The Lander's {@link TicketStore} over the Ticket System's tables, so that every step the Lander
 * saves is what the API and the status page show. Each call is one transaction.
 */
public final class JdbcTicketRepository implements TicketStore {
    private final TicketDatabase db;

    public JdbcTicketRepository(TicketDatabase db) {
        this.db = db;
    }

    @Override
    public Ticket create(Ticket ticket) {
        return db.transaction(c -> {
            OffsetDateTime now = Sql.now();
            long id = Sql.insert(c, "INSERT INTO ticket (title, description, owner, bug_id, series, binary_packages, overrides,"
                            + " current_workflow_step, status, priority, queued_at, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    ticket.getTitle(), ticket.getDescription() == null ? "" : ticket.getDescription(), ticket.getOwner(),
                    ticket.getBugId(), ticket.getSeries(), json(ticket.getBinaryPackages()), json(ticket.getOverrides()),
                    ticket.getCurrentWorkflowStep().code(), ticket.getStatus().name(), now, now, now);
            ticket.setId(Long.toString(id));
            for (SubTicket sub : ticket.getSubtickets()) {
                long source = sourcePackage(c, sub.getSourcePackage());
                long spu = Sql.insert(c, "INSERT INTO spu (sourcepackage_id, version) VALUES (?, ?)", source, sub.getVersion());
                sub.setId(Math.toIntExact(Sql.insert(c, "INSERT INTO subticket (ticket_id, spu_id, assignee, upload,"
                                + " current_workflow_step, status) VALUES (?, ?, ?, ?, ?, ?)",
                        id, spu, ticket.getOwner(), sub.getUpload(), sub.getCurrentWorkflowStep().code(), sub.getStatus().name())));
            }
            return ticket;
        });
    }

    /** The source package's id, recorded the first time a ticket brings it (seed: sourcepackage). */
    public static long sourcePackage(Connection c, String name) throws SQLException {
        Optional<Long> known = Sql.one(c, "SELECT id FROM sourcepackage WHERE name = ?", rs -> rs.getLong(1), name);
        return known.isPresent() ? known.get() : Sql.insert(c, "INSERT INTO sourcepackage (name) VALUES (?)", name);
    }

    @Override
    public void save(Ticket ticket) {
        db.transaction(c -> {
            long id = Long.parseLong(ticket.getId());
            Sql.update(c, "UPDATE ticket SET current_workflow_step = ?, status = ?, failed_step = ?, reason = ?,"
                            + " updated_at = ? WHERE id = ?",
                    ticket.getCurrentWorkflowStep().code(), ticket.getStatus().name(),
                    ticket.getFailedStep() == null ? null : ticket.getFailedStep().code(), ticket.getReason(),
                    Sql.now(), id);
            for (Artifact a : ticket.getArtifacts()) {
                saveArtifact(c, "ticketartifact", "ticket_id", id, a);
            }
            for (SubTicket sub : ticket.getSubtickets()) {
                Sql.update(c, "UPDATE subticket SET current_workflow_step = ?, status = ?, upload = ? WHERE id = ?",
                        sub.getCurrentWorkflowStep().code(), sub.getStatus().name(), sub.getUpload(), sub.getId());
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
    public List<Ticket> all() {
        return db.transaction(c -> {
            List<Long> ids = Sql.query(c, "SELECT id FROM ticket ORDER BY id", rs -> rs.getLong(1));
            List<Ticket> out = new java.util.ArrayList<>();
            for (long id : ids) {
                load(c, id).ifPresent(out::add);
            }
            return out;
        });
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
        try {
            t.setBinaryPackages(List.of(Json.MAPPER.readValue(rs.getString("binary_packages"), String[].class)));
            t.setOverrides(Json.MAPPER.readValue(rs.getString("overrides"), Overrides.class));
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
