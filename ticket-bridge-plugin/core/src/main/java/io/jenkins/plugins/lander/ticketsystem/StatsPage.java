package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.StatsRepository;
import io.jenkins.plugins.lander.stats.Step;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The stats on the status page: {@code /stats} lists the source packages that have landed,
 * {@code /stats/SOURCE} draws, for the source's latest {@link #LANDINGS} landings, the step
 * durations (stacked, with the wall time), the pass rate and the queue wait, each chart over the
 * table of its numbers. Charts are Chart.js, bundled from npm at build time and served from
 * {@code /assets/}; the page's data is JSON inside the page, so it works with no network at all.
 */
final class StatsPage {
    static final int LANDINGS = 200;
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,254}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Only scripts from this server run on the page; the data block is JSON, not script. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:";
    private static final Map<String, String> ASSETS = Map.of(
            "chart.js/dist/chart.umd.min.js", "assets/chart.js/dist/chart.umd.min.js",
            "chart.js/LICENSE.md", "assets/chart.js/LICENSE.md",
            "stats.js", "assets/stats.js");
    private final StatsRepository stats;

    StatsPage(StatsRepository stats) {
        this.stats = stats;
    }

    void register(Javalin app) {
        app.get("/stats", this::index);
        app.get("/stats/{source}", this::source);
        app.get("/assets/<name>", this::asset);
    }

    private void index(Context ctx) {
        StringBuilder html = StatusPage.page("Lander stats");
        html.append("<p><a href=\"/\">all tickets</a></p>\n<h1>Non-functional stats</h1>\n");
        List<StatsRepository.SourceSummary> sources = stats.sources();
        if (sources.isEmpty()) {
            html.append("<p>No landing has finished yet.</p>\n");
        } else {
            html.append("<table id=\"sources\"><tr><th>Source package</th><th>Landings</th><th>Last landing</th></tr>\n");
            for (StatsRepository.SourceSummary s : sources) {
                html.append("<tr class=\"source\"><td><a href=\"/stats/").append(StatusPage.escape(s.source())).append("\">")
                        .append(StatusPage.escape(s.source())).append("</a></td><td>").append(s.landings()).append("</td><td>")
                        .append(DATE.format(s.lastStarted())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        send(ctx, html);
    }

    private void source(Context ctx) {
        String source = ctx.pathParam("source");
        if (!SOURCE.matcher(source).matches()) {
            ctx.status(404).contentType("text/plain").result("no such source package");
            return;
        }
        List<Landing> landings = stats.latest(source, LANDINGS).stream().map(l -> new Landing(l, source)).toList();
        if (landings.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("no landing of " + source);
            return;
        }
        String name = StatusPage.escape(source);
        StringBuilder html = StatusPage.page("Stats of " + source);
        html.append("<p><a href=\"/stats\">all source packages</a> · <a href=\"/api/v1/stats/?source=").append(name)
                .append("\">JSON</a></p>\n<h1>Stats of ").append(name).append("</h1>\n<p>The last ").append(landings.size())
                .append(" landings, oldest first. Build and test are this package's own; the other steps are its ticket's.</p>\n");

        html.append("<h2>Step durations</h2>\n").append(canvas("chart-steps", "Step durations in seconds per landing"));
        List<Column> stepColumns = new ArrayList<>();
        for (Step step : Step.values()) {
            stepColumns.add(new Column(step.label(), l -> seconds(l.step(step))));
        }
        stepColumns.add(new Column("wall", l -> seconds(l.stats.wall())));
        table(html, "table-steps", landings, stepColumns);

        html.append("<h2>Pass rate</h2>\n").append(canvas("chart-pass-rate", "Share of this package's tests that passed"));
        table(html, "table-pass-rate", landings, List.of(
                new Column("passed", l -> l.ran() == 0 ? "" : Long.toString(l.passed())),
                new Column("ran", l -> Long.toString(l.ran())),
                new Column("pass rate %", l -> l.passRate() == null ? "" : String.format(Locale.ROOT, "%.1f", l.passRate()))));

        html.append("<h2>Queue wait</h2>\n").append(canvas("chart-queue-wait", "Seconds from queued to started"));
        table(html, "table-queue-wait", landings, List.of(new Column("queue wait s", l -> seconds(l.stats.queueWait()))));

        html.append("<script type=\"application/json\" id=\"stats-data\">").append(data(landings)).append("</script>\n")
                .append("<script src=\"/assets/chart.js/dist/chart.umd.min.js\"></script>\n")
                .append("<script src=\"/assets/stats.js\"></script>\n");
        send(ctx, html);
    }

    private void asset(Context ctx) {
        String resource = ASSETS.get(ctx.pathParam("name"));
        InputStream in = resource == null ? null : StatsPage.class.getResourceAsStream(resource);
        if (in == null) {
            ctx.status(404).contentType("text/plain").result("no such file");
            return;
        }
        ctx.contentType(resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/plain; charset=utf-8")
                .header("Cache-Control", "max-age=3600").result(in);
    }

    /** A landing as this source's page shows it. */
    private record Landing(LandingStats stats, String source, String version) {
        Landing(LandingStats stats, String source) {
            this(stats, source, stats.uploads().stream().filter(u -> u.source().equals(source))
                    .map(LandingStats.Upload::version).findFirst().orElse(""));
        }

        /** This source's build or test, the ticket's other steps; null when the step did not run. */
        Duration step(Step step) {
            return stats.steps().stream().filter(s -> s.step() == step && (!step.perUpload() || source.equals(s.source())))
                    .map(LandingStats.StepTime::duration).reduce(Duration::plus).orElse(null);
        }

        long ran() {
            return stats.tests().stream().filter(t -> t.source().equals(source) && !"SKIP".equals(t.result())).count();
        }

        long passed() {
            return stats.tests().stream().filter(t -> t.source().equals(source) && "PASS".equals(t.result())).count();
        }

        /** Percent, or null when no test of this source ran. */
        Double passRate() {
            long ran = ran();
            return ran == 0 ? null : 100.0 * passed() / ran;
        }

        String label() {
            return DATE.format(stats.started());
        }
    }

    private record Column(String title, Function<Landing, String> value) {}

    private static String canvas(String id, String label) {
        return "<div class=\"chart\" style=\"position:relative;height:320px;max-width:1000px\"><canvas id=\"" + id
                + "\" role=\"img\" aria-label=\"" + StatusPage.escape(label) + "\"></canvas></div>\n";
    }

    private static void table(StringBuilder html, String id, List<Landing> landings, List<Column> columns) {
        html.append("<table id=\"").append(id).append("\" class=\"data\"><tr><th>Ticket</th><th>Started (UTC)</th><th>Version</th>"
                + "<th>Result</th>");
        columns.forEach(c -> html.append("<th>").append(StatusPage.escape(c.title())).append("</th>"));
        html.append("</tr>\n");
        for (Landing l : landings) {
            html.append("<tr class=\"landing\" data-ticket=\"").append(l.stats.ticket()).append("\"><td><a href=\"/tickets/")
                    .append(l.stats.ticket()).append("\">").append(l.stats.ticket()).append("</a></td><td>").append(l.label())
                    .append("</td><td>").append(StatusPage.escape(l.version())).append("</td><td class=\"")
                    .append(l.stats.result().name()).append("\">").append(l.stats.result().name()).append("</td>");
            columns.forEach(c -> html.append("<td>").append(c.value().apply(l)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The charts' numbers, one array entry per landing in table order; null where a step did not run. */
    private static String data(List<Landing> landings) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode labels = out.putArray("labels");
        ArrayNode tickets = out.putArray("tickets");
        ObjectNode steps = out.putObject("steps");
        ArrayNode wall = out.putArray("wall");
        ArrayNode passRate = out.putArray("pass_rate");
        ArrayNode queueWait = out.putArray("queue_wait");
        for (Landing l : landings) {
            labels.addArray().add(l.label()).add(l.version());
            tickets.add(l.stats.ticket());
            for (Step step : Step.values()) {
                Duration d = l.step(step);
                ArrayNode values = steps.has(step.label()) ? (ArrayNode) steps.get(step.label()) : steps.putArray(step.label());
                if (d == null) {
                    values.addNull();
                } else {
                    values.add(d.toMillis() / 1000.0);
                }
            }
            wall.add(l.stats.wall().toMillis() / 1000.0);
            Double rate = l.passRate();
            if (rate == null) {
                passRate.addNull();
            } else {
                passRate.add(rate);
            }
            queueWait.add(l.stats.queueWait().toMillis() / 1000.0);
        }
        try {
            // inside <script>: no '<' may close the element early, whatever a version string holds
            return Json.MAPPER.writeValueAsString(out).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static void send(Context ctx, StringBuilder html) {
        ctx.header("Content-Security-Policy", CSP);
        StatusPage.send(ctx, html);
    }
}
