package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The non-functional stats in the ticket database ({@code V3__stats.sql}): one {@link LandingStats}
 * per landed ticket and the {@link SeriesPost}s external clients add. Each call is one transaction.
 */
public final class StatsRepository {
    private static final String COLUMNS = "ticket_id, series, result, started_at, ended_at, queue_wait_ms, binary_bytes, log_bytes";
    private final TicketDatabase db;

    public StatsRepository(TicketDatabase db) {
        this.db = db;
    }

    /** A page of landings, oldest first, and how many match in all. */
    public record Page(long total, List<LandingStats> landings) {}

    /** A source package that has landed, how often and when last. */
    public record SourceSummary(String source, long landings, Instant lastStarted) {}

    /**
     * Stores a finished landing's stats, replacing any the ticket has: a landing resumed after a
     * crash records again and the ticket keeps one entry.
     *
     * @throws UnknownTicketException when the database has no such ticket
     */
    public void record(LandingStats stats) {
        db.transaction(c -> {
            requireTicket(c, stats.ticket(), false);
            long id = stats.ticket();
            Sql.update(c, "DELETE FROM landing_stats WHERE ticket_id = ?", id);
            Sql.update(c, "INSERT INTO landing_stats (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, stats.series(), stats.result().name(), utc(stats.started()), utc(stats.ended()),
                    stats.queueWait().toMillis(), stats.binaryBytes(), stats.logBytes());
            List<Object[]> uploads = new ArrayList<>();
            for (LandingStats.Upload u : stats.uploads()) {
                uploads.add(new Object[] {id, uploads.size(), u.source(), u.version()});
            }
            Sql.batch(c, "INSERT INTO landing_stats_upload (ticket_id, seq, source, version) VALUES (?, ?, ?, ?)", uploads);
            List<Object[]> steps = new ArrayList<>();
            for (LandingStats.StepTime s : stats.steps()) {
                steps.add(new Object[] {id, steps.size(), s.step().label(), s.source(), s.duration().toMillis()});
            }
            Sql.batch(c, "INSERT INTO landing_stats_step (ticket_id, seq, step, source, duration_ms) VALUES (?, ?, ?, ?, ?)", steps);
            List<Object[]> tools = new ArrayList<>();
            stats.tools().forEach((tool, d) -> tools.add(new Object[] {id, tool, d.toMillis()}));
            Sql.batch(c, "INSERT INTO landing_stats_tool (ticket_id, tool, duration_ms) VALUES (?, ?, ?)", tools);
            List<Object[]> tests = new ArrayList<>();
            for (LandingStats.TestTime t : stats.tests()) {
                tests.add(new Object[] {id, tests.size(), t.source(), t.name(), t.result(),
                        t.duration() == null ? null : t.duration().toMillis()});
            }
            Sql.batch(c, "INSERT INTO landing_stats_test (ticket_id, seq, source, name, result, duration_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", tests);
            return null;
        });
    }

    public Optional<LandingStats> find(long ticket) {
        return db.transaction(c -> load(c, "WHERE ticket_id = ?", List.of(ticket)).stream().findFirst());
    }

    /**
     * Landings oldest first (by start), optionally only those with an upload of {@code source} and
     * those started at or after {@code since}.
     */
    public Page list(String source, Instant since, int limit, int offset) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        if (source != null) {
            where.append(" AND EXISTS (SELECT 1 FROM landing_stats_upload u WHERE u.ticket_id = landing_stats.ticket_id"
                    + " AND u.source = ?)");
            params.add(source);
        }
        if (since != null) {
            where.append(" AND started_at >= ?");
            params.add(utc(since));
        }
        return db.transaction(c -> {
            long total = Sql.count(c, "SELECT COUNT(*) FROM landing_stats " + where, params.toArray());
            List<Object> paged = new ArrayList<>(params);
            paged.add(limit);
            paged.add(offset);
            return new Page(total, load(c, where + " ORDER BY started_at, ticket_id LIMIT ? OFFSET ?", paged));
        });
    }

    /** The {@code n} most recent landings of {@code source}, oldest first. */
    public List<LandingStats> latest(String source, int n) {
        return db.transaction(c -> {
            List<LandingStats> newestFirst = load(c, "WHERE EXISTS (SELECT 1 FROM landing_stats_upload u"
                    + " WHERE u.ticket_id = landing_stats.ticket_id AND u.source = ?)"
                    + " ORDER BY started_at DESC, ticket_id DESC LIMIT ?", List.of(source, n));
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    /** Every source package with stats, by name. */
    public List<SourceSummary> sources() {
        return db.transaction(c -> Sql.query(c, "SELECT u.source, COUNT(*), MAX(s.started_at) FROM landing_stats_upload u"
                        + " JOIN landing_stats s ON s.ticket_id = u.ticket_id GROUP BY u.source ORDER BY u.source",
                rs -> new SourceSummary(rs.getString(1), rs.getLong(2), instant(rs, 3))));
    }

    /**
     * Stores an external client's series for its ticket.
     *
     * @throws UnknownTicketException when the database has no such ticket
     * @throws InvalidStatsException when the ticket already has {@link SeriesPost#MAX_PER_TICKET} series
     */
    public ExternalSeries addSeries(SeriesPost post) {
        return db.transaction(c -> {
            // the ticket row stays locked until commit, so two posts cannot both take the last place
            requireTicket(c, post.ticket(), true);
            if (Sql.count(c, "SELECT COUNT(*) FROM stats_series WHERE ticket_id = ?", post.ticket()) >= SeriesPost.MAX_PER_TICKET) {
                throw new InvalidStatsException("ticket", "ticket " + post.ticket() + " already has "
                        + SeriesPost.MAX_PER_TICKET + " series, the most one ticket may have");
            }
            OffsetDateTime now = Sql.now();
            long id = Sql.insert(c, "INSERT INTO stats_series (ticket_id, name, unit, received_at) VALUES (?, ?, ?, ?)",
                    post.ticket(), post.name(), post.unit(), now);
            List<Object[]> points = new ArrayList<>();
            for (SeriesPost.Point p : post.points()) {
                points.add(new Object[] {id, points.size(), p.key(), p.value()});
            }
            Sql.batch(c, "INSERT INTO stats_series_point (series_id, seq, point_key, point_value) VALUES (?, ?, ?, ?)", points);
            return new ExternalSeries(id, post, now.toInstant());
        });
    }

    /**
     * A ticket's external series, in the order received.
     *
     * @throws UnknownTicketException when the database has no such ticket
     */
    public List<ExternalSeries> series(long ticket) {
        return db.transaction(c -> {
            requireTicket(c, ticket, false);
            Map<Long, List<SeriesPost.Point>> points = new HashMap<>();
            Sql.query(c, "SELECT p.series_id, p.point_key, p.point_value FROM stats_series_point p"
                            + " JOIN stats_series s ON s.id = p.series_id WHERE s.ticket_id = ? ORDER BY p.series_id, p.seq",
                    rs -> points.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new SeriesPost.Point(rs.getString(2), rs.getDouble(3))), ticket);
            return Sql.query(c, "SELECT id, name, unit, received_at FROM stats_series WHERE ticket_id = ? ORDER BY id",
                    rs -> new ExternalSeries(rs.getLong(1), new SeriesPost(ticket, rs.getString(2), rs.getString(3),
                            points.getOrDefault(rs.getLong(1), List.of())), instant(rs, 4)), ticket);
        });
    }

    private static void requireTicket(Connection c, long ticket, boolean lock) throws SQLException {
        if (Sql.one(c, "SELECT id FROM ticket WHERE id = ?" + (lock ? " FOR UPDATE" : ""), rs -> rs.getLong(1), ticket).isEmpty()) {
            throw new UnknownTicketException(ticket);
        }
    }

    /** The landings a query selects, with their uploads, steps, tools and tests: five queries for any number. */
    private static List<LandingStats> load(Connection c, String where, List<Object> params) throws SQLException {
        List<Row> rows = Sql.query(c, "SELECT " + COLUMNS + " FROM landing_stats " + where, Row::of, params.toArray());
        if (rows.isEmpty()) {
            return List.of();
        }
        Object[] ids = rows.stream().map(Row::ticket).toArray();
        String in = " WHERE ticket_id IN (" + rows.stream().map(r -> "?").collect(Collectors.joining(", ")) + ") ORDER BY ticket_id";
        Map<Long, List<LandingStats.Upload>> uploads = group(c, "SELECT ticket_id, source, version FROM landing_stats_upload" + in
                + ", seq", rs -> new LandingStats.Upload(rs.getString(2), rs.getString(3)), ids);
        Map<Long, List<LandingStats.StepTime>> steps = group(c, "SELECT ticket_id, step, source, duration_ms FROM landing_stats_step"
                + in + ", seq", rs -> new LandingStats.StepTime(Step.fromLabel(rs.getString(2)), rs.getString(3),
                Duration.ofMillis(rs.getLong(4))), ids);
        Map<Long, List<Map.Entry<String, Duration>>> tools = group(c, "SELECT ticket_id, tool, duration_ms FROM landing_stats_tool"
                + in + ", tool", rs -> Map.entry(rs.getString(2), Duration.ofMillis(rs.getLong(3))), ids);
        Map<Long, List<LandingStats.TestTime>> tests = group(c, "SELECT ticket_id, source, name, result, duration_ms"
                + " FROM landing_stats_test" + in + ", seq", rs -> {
                    long ms = rs.getLong(5);
                    Duration duration = rs.wasNull() ? null : Duration.ofMillis(ms);
                    return new LandingStats.TestTime(rs.getString(2), rs.getString(3), rs.getString(4), duration);
                }, ids);
        List<LandingStats> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Duration> byTool = new TreeMap<>();
            tools.getOrDefault(r.ticket(), List.of()).forEach(e -> byTool.put(e.getKey(), e.getValue()));
            out.add(new LandingStats(r.ticket(), r.series(), uploads.getOrDefault(r.ticket(), List.of()), r.result(), r.started(),
                    r.ended(), r.queueWait(), steps.getOrDefault(r.ticket(), List.of()), byTool,
                    tests.getOrDefault(r.ticket(), List.of()), r.binaryBytes(), r.logBytes()));
        }
        return out;
    }

    private static <T> Map<Long, List<T>> group(Connection c, String sql, Sql.Row<T> row, Object[] ids) throws SQLException {
        Map<Long, List<T>> out = new LinkedHashMap<>();
        Sql.query(c, sql, rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(row.map(rs)), ids);
        return out;
    }

    private record Row(long ticket, String series, TicketStatus result, Instant started, Instant ended, Duration queueWait,
            long binaryBytes, long logBytes) {
        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getLong(1), rs.getString(2), TicketStatus.valueOf(rs.getString(3)), instant(rs, 4), instant(rs, 5),
                    Duration.ofMillis(rs.getLong(6)), rs.getLong(7), rs.getLong(8));
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
