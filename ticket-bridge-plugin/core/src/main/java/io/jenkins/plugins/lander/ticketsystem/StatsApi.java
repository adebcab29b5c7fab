package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.stats.ExternalSeries;
import io.jenkins.plugins.lander.stats.InvalidStatsException;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.SeriesPost;
import io.jenkins.plugins.lander.stats.StatsRepository;
import io.jenkins.plugins.lander.stats.Step;
import io.jenkins.plugins.lander.stats.UnknownTicketException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The non-functional stats under {@code /api/v1/stats/} (the seed's NFSS store): every finished
 * landing's timings, sizes and verdicts, and the series external clients add to a ticket. Reads
 * are open; a POST needs the bearer token like every write under {@code /api/v1/} (the API's
 * before-handler checks it).
 */
final class StatsApi {
    static final String PATH = Resource.PREFIX + "stats/";
    /** A full post of {@link SeriesPost#MAX_POINTS} keyed points fits with room to spare. */
    static final int MAX_BODY = 64 * 1024;
    private static final Set<String> SERIES_FIELDS = Set.of("ticket", "name", "unit", "points");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,254}");
    private final StatsRepository stats;

    StatsApi(StatsRepository stats) {
        this.stats = stats;
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "{ticket}/", this::ticket);
        app.post(PATH, this::addSeries);
    }

    private void list(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        String source = ctx.queryParam("source");
        if (source != null) {
            if (!SOURCE.matcher(source).matches()) {
                throw ApiException.badRequest("source: '" + source + "' is not a Debian source package name");
            }
            filters.put("source", source);
        }
        String sinceText = ctx.queryParam("since");
        Instant since = sinceText == null ? null : since(sinceText);
        if (since != null) {
            filters.put("since", since.toString());
        }
        Paging paging = Paging.of(ctx);
        StatsRepository.Page page = stats.list(source, since, paging.limit(), paging.offset());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("meta", paging.meta(PATH, filters, page.total()));
        ArrayNode objects = out.putArray("objects");
        page.landings().forEach(l -> objects.add(entry(l, source)));
        TicketApi.json(ctx, 200, out);
    }

    /** {@code since}: an ISO 8601 time with its offset ({@code 2026-03-01T10:00:00Z}) or a date, midnight UTC. */
    private static Instant since(String text) {
        try {
            return text.contains("T") ? OffsetDateTime.parse(text).toInstant() : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.badRequest("since: expected an ISO 8601 time such as 2026-03-01T10:00:00Z or a date such as"
                    + " 2026-03-01, got '" + text + "' (write + in an offset as %2B)");
        }
    }

    private void ticket(Context ctx) {
        String text = ctx.pathParam("ticket");
        if (!text.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("no such resource: " + ctx.path());
        }
        long id = Long.parseLong(text);
        List<ExternalSeries> series;
        try {
            series = stats.series(id);
        } catch (UnknownTicketException e) {
            throw ApiException.notFound(e.getMessage());
        }
        LandingStats landing = stats.find(id).orElse(null);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("ticket", Resource.TICKET.uri(id));
        if (landing == null) {
            out.putNull("landing");
        } else {
            ObjectNode entry = entry(landing, null);
            ArrayNode tests = entry.putArray("tests");
            for (LandingStats.TestTime t : landing.tests()) {
                ObjectNode n = tests.addObject();
                n.put("source", t.source());
                n.put("name", t.name());
                n.put("result", t.result());
                putSeconds(n, "seconds", t.duration());
            }
            out.set("landing", entry);
        }
        ArrayNode list = out.putArray("series");
        series.forEach(s -> list.add(series(s)));
        TicketApi.json(ctx, 200, out);
    }

    private void addSeries(Context ctx) throws IOException {
        JsonNode body = JsonBody.read(ctx, MAX_BODY, SERIES_FIELDS);
        SeriesPost post;
        try {
            post = new SeriesPost(ticketId(body.path("ticket")), text(body, "name"), text(body, "unit"), points(body.path("points")));
        } catch (InvalidStatsException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ExternalSeries stored;
        try {
            stored = stats.addSeries(post);
        } catch (UnknownTicketException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (InvalidStatsException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.header("Location", ctx.scheme() + "://" + ctx.host() + PATH + post.ticket() + "/");
        TicketApi.json(ctx, 201, series(stored));
    }

    private static long ticketId(JsonNode ticket) {
        if (ticket.isIntegralNumber() && ticket.canConvertToLong() && ticket.longValue() > 0) {
            return ticket.longValue();
        }
        if (ticket.isTextual()) {
            return Resource.TICKET.idOf("ticket", ticket.asText());
        }
        throw ApiException.badRequest("ticket: required, a ticket URI such as " + Resource.TICKET.uri(1) + " or an id");
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            throw ApiException.badRequest(field + ": required");
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string");
        }
        return n.asText();
    }

    /** {@code {"kernel": 4.42, …}} (keyed) or {@code [12, 11.5, …]} (plain), checked before anything is built. */
    private static List<SeriesPost.Point> points(JsonNode points) {
        if (!points.isObject() && !points.isArray()) {
            throw ApiException.badRequest("points: expected an object of numbers ({\"kernel\": 4.42}) or a list of numbers");
        }
        if (points.size() > SeriesPost.MAX_POINTS) {
            throw ApiException.badRequest("points: more than " + SeriesPost.MAX_POINTS + " points");
        }
        List<SeriesPost.Point> out = new ArrayList<>(points.size());
        if (points.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = points.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new SeriesPost.Point(e.getKey(), number("points." + e.getKey(), e.getValue())));
            }
        } else {
            for (int i = 0; i < points.size(); i++) {
                out.add(new SeriesPost.Point(null, number("points[" + i + "]", points.get(i))));
            }
        }
        return out;
    }

    private static double number(String field, JsonNode n) {
        if (!n.isNumber()) {
            throw ApiException.badRequest(field + ": expected a number");
        }
        return n.doubleValue();
    }

    /**
     * One landing as the list shows it; {@code source} and {@code version} are those of the
     * upload of {@code source} when the list is filtered by it, else of the ticket's first upload.
     */
    static ObjectNode entry(LandingStats l, String source) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        LandingStats.Upload main = l.uploads().stream().filter(u -> u.source().equals(source)).findFirst()
                .orElse(l.uploads().get(0));
        n.put("ticket", Resource.TICKET.uri(l.ticket()));
        n.put("ticket_id", l.ticket());
        n.put("source", main.source());
        n.put("version", main.version());
        n.put("date", l.started().toString());
        n.put("ended", l.ended().toString());
        n.put("series", l.series());
        n.put("result", l.result().name());
        putSeconds(n, "wall_seconds", l.wall());
        putSeconds(n, "queue_wait_seconds", l.queueWait());
        ObjectNode steps = n.putObject("steps");
        l.stepTotals().forEach((step, d) -> putSeconds(steps, step.label(), d));
        ArrayNode uploads = n.putArray("uploads");
        for (LandingStats.Upload u : l.uploads()) {
            ObjectNode un = uploads.addObject();
            un.put("source", u.source());
            un.put("version", u.version());
            for (Step step : List.of(Step.BUILD, Step.TEST)) {
                Duration d = l.steps().stream().filter(s -> s.step() == step && u.source().equals(s.source()))
                        .map(LandingStats.StepTime::duration).reduce(Duration::plus).orElse(null);
                putSeconds(un, step.label() + "_seconds", d);
            }
        }
        ObjectNode tools = n.putObject("tools");
        l.tools().forEach((tool, d) -> putSeconds(tools, tool, d));
        ObjectNode verdicts = n.putObject("verdicts");
        l.verdictCounts().forEach(verdicts::put);
        l.passRate().ifPresentOrElse(r -> n.put("pass_rate", r), () -> n.putNull("pass_rate"));
        n.put("binary_bytes", l.binaryBytes());
        n.put("log_bytes", l.logBytes());
        return n;
    }

    private static ObjectNode series(ExternalSeries s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("ticket", Resource.TICKET.uri(s.series().ticket()));
        n.put("name", s.series().name());
        n.put("unit", s.series().unit());
        boolean keyed = s.series().points().get(0).key() != null;
        if (keyed) {
            ObjectNode points = n.putObject("points");
            s.series().points().forEach(p -> points.put(p.key(), p.value()));
        } else {
            ArrayNode points = n.putArray("points");
            s.series().points().forEach(p -> points.add(p.value()));
        }
        n.put("received", s.received().toString());
        return n;
    }

    private static void putSeconds(ObjectNode n, String field, Duration d) {
        if (d == null) {
            n.putNull(field);
        } else {
            n.put(field, d.toMillis() / 1000.0);
        }
    }
}
