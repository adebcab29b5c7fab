package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The status page outside Jenkins: {@code /} lists the tickets with their step and status, the
 * newest first, {@value #PAGE_SIZE} a page ({@code /?offset=N}, with links to newer and older
 * pages); {@code /tickets/ID} shows one with its subtickets, progress and archived files, which
 * {@code /store/CONTAINER/NAME} serves from the data store (public files only, never through a
 * symbolic link). Plain server-rendered HTML.
 */
final class StatusPage {
    static final int PAGE_SIZE = 100;
    private static final String STYLE = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.FAILED,.CANCELLED{color:#b00}"
            + ".COMPLETED{color:#070}.RUNNING{color:#05a}";
    private final TicketDatabase db;
    private final TicketRecords records;
    private final DataStore store;

    StatusPage(TicketDatabase db, TicketRecords records, DataStore store) {
        this.db = db;
        this.records = records;
        this.store = store;
    }

    void register(Javalin app) {
        app.get("/", this::index);
        app.get("/tickets/{id}", this::ticket);
        app.get("/store/{container}/<name>", this::file);
    }

    static String storeLink(String container, String name) {
        return "/store/" + encode(container) + "/"
                + Arrays.stream(name.split("/")).map(StatusPage::encode).collect(Collectors.joining("/"));
    }

    private void index(Context ctx) {
        String param = ctx.queryParam("offset");
        if (param != null && !param.matches("[0-9]{1,9}")) {
            ctx.status(400).contentType("text/plain").result("offset: expected a number of tickets to skip");
            return;
        }
        int offset = param == null ? 0 : Integer.parseInt(param);
        ObjectNode list = db.transaction(c -> records.newestTickets(c, PAGE_SIZE, offset));
        JsonNode tickets = list.path("objects");
        long total = list.path("meta").path("total_count").asLong();
        StringBuilder html = page("Lander tickets");
        html.append("<h1>Lander tickets</h1>\n<p><a href=\"/stats\">Non-functional stats</a></p>\n<p id=\"page\">").append(tickets.isEmpty() ? "no tickets here"
                : "tickets " + (offset + 1) + "–" + (offset + tickets.size()) + " of " + total + ", newest first")
                .append("</p>\n").append(pageLinks(offset, total));
        html.append("<table id=\"tickets\"><tr><th>Ticket</th><th>Title</th><th>Owner</th>"
                + "<th>Step</th><th>Status</th><th>Progress</th><th>Updated</th></tr>\n");
        for (JsonNode t : tickets) {
            html.append("<tr class=\"ticket\" data-id=\"").append(t.path("id").asLong()).append("\"><td><a href=\"/tickets/")
                    .append(t.path("id").asLong()).append("\">").append(t.path("id").asLong()).append("</a></td><td>")
                    .append(escape(t.path("title").asText())).append("</td><td>").append(escape(t.path("owner").asText()))
                    .append("</td><td class=\"step\">").append(step(t.path("current_workflow_step").asInt()))
                    .append("</td><td class=\"status ").append(t.path("status").asText()).append("\">")
                    .append(t.path("status").asText()).append("</td><td>").append(progress(t))
                    .append("</td><td>").append(escape(t.path("updated").asText())).append("</td></tr>\n");
        }
        html.append("</table>\n").append(pageLinks(offset, total));
        send(ctx, html);
    }

    private static String pageLinks(int offset, long total) {
        StringBuilder links = new StringBuilder("<p class=\"pages\">");
        if (offset > 0) {
            links.append("<a rel=\"prev\" href=\"/?offset=").append(Math.max(0, offset - PAGE_SIZE)).append("\">Newer</a> ");
        }
        if ((long) offset + PAGE_SIZE < total) {
            links.append("<a rel=\"next\" href=\"/?offset=").append(offset + PAGE_SIZE).append("\">Older</a>");
        }
        return links.append("</p>\n").toString();
    }

    private void ticket(Context ctx) {
        String text = ctx.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            ctx.status(404).result("no such ticket");
            return;
        }
        ObjectNode t = db.transaction(c -> records.fullTicket(c, Long.parseLong(text)));
        StringBuilder html = page("Ticket " + t.path("id").asLong());
        html.append("<p><a href=\"/\">all tickets</a></p>\n<h1>Ticket ").append(t.path("id").asLong()).append(": ")
                .append(escape(t.path("title").asText())).append("</h1>\n<dl>")
                .append(item("Owner", escape(t.path("owner").asText())))
                .append(item("Bug", escape(t.path("bug_id").asText(""))))
                .append(item("Series", escape(t.path("series").asText())))
                .append(item("Step", "<span id=\"step\">" + step(t.path("current_workflow_step").asInt()) + "</span>"))
                .append(item("Status", "<span id=\"status\" class=\"" + t.path("status").asText() + "\">"
                        + t.path("status").asText() + "</span>"))
                .append(item("Progress", "<span id=\"progress\">" + progress(t) + "</span>"))
                .append(item("Reason", "<span id=\"reason\">" + escape(t.path("reason").asText("")) + "</span>"))
                .append(item("Last heartbeat", escape(t.path("last_heartbeat").asText(""))))
                .append("</dl>\n<p>").append(escape(t.path("description").asText())).append("</p>\n");
        html.append(triggered(t.path("triggered_tests"), t.path("hints")));
        html.append("<h2>Subtickets</h2>\n<table id=\"subtickets\"><tr><th>Upload</th><th>Step</th><th>Status</th><th>Tests</th><th>Files</th></tr>\n");
        for (JsonNode s : t.path("subtickets")) {
            JsonNode spu = s.path("source_package_upload");
            html.append("<tr class=\"subticket\"><td>").append(escape(spu.path("sourcepackage").path("name").asText()))
                    .append(' ').append(escape(spu.path("version").asText())).append("</td><td>")
                    .append(step(s.path("current_workflow_step").asInt())).append("</td><td class=\"")
                    .append(s.path("status").asText()).append("\">").append(s.path("status").asText()).append("</td><td>")
                    .append(tests(s.path("tests"))).append("</td><td>")
                    .append(artifacts(s.path("artifacts"))).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Logs and results</h2>\n").append(artifacts(t.path("artifacts")));
        send(ctx, html);
    }

    /** The regression table: each triggered test with its verdict, and {@code done/total} while they run. */
    private static String triggered(JsonNode table, JsonNode hints) {
        StringBuilder out = new StringBuilder();
        if (hints.isArray() && !hints.isEmpty()) {
            out.append("<p id=\"hints\">Hints:");
            hints.forEach(h -> out.append(" <code>").append(escape(h.asText())).append("</code>"));
            out.append("</p>\n");
        }
        if (table.isNull() || table.isMissingNode()) {
            return out.toString();
        }
        out.append("<h2>Triggered tests <span id=\"triggered-progress\">").append(table.path("done").asInt()).append('/')
                .append(table.path("total").asInt()).append("</span></h2>\n<table id=\"triggered\"><tr><th>Package</th>"
                        + "<th>Architecture</th><th>Triggered by</th><th>Verdict</th><th>Exit (baseline)</th><th>Detail</th></tr>\n");
        for (JsonNode r : table.path("results")) {
            String verdict = r.path("verdict").asText();
            out.append("<tr class=\"triggered\"><td>").append(escape(r.path("source").asText())).append(' ')
                    .append(escape(r.path("version").asText())).append("</td><td>").append(escape(r.path("architecture").asText()))
                    .append("</td><td>").append(escape(r.path("trigger").asText())).append("</td><td class=\"verdict ")
                    .append(verdict.equals("REGRESSION") ? "FAILED" : verdict.equals("PASS") ? "COMPLETED" : "")
                    .append("\">").append(escape(verdict)).append("</td><td>")
                    .append(r.has("exit_code") ? r.path("exit_code").asInt() : "")
                    .append(r.has("baseline_exit_code") ? " (" + r.path("baseline_exit_code").asInt() + ")" : "")
                    .append("</td><td>").append(escape(r.path("detail").asText(""))).append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private void file(Context ctx) throws IOException {
        String container = ctx.pathParam("container");
        String name = ctx.pathParam("name");
        try {
            if (store.visibility(container, name) != Visibility.PUBLIC) {
                throw new NoSuchFileException(name);
            }
            InputStream in = store.get(container, name);
            ctx.contentType(name.endsWith(".log") || name.endsWith(".txt") || name.endsWith(".changes")
                    || name.endsWith(".dsc") || name.endsWith("summary") ? "text/plain; charset=utf-8" : "application/octet-stream");
            ctx.result(in);
        } catch (FileSystemException | IllegalArgumentException e) { // a missing file, or a link
            ctx.status(404).contentType("text/plain").result("no such file");
        }
    }

    /** One line per test: {@code NAME RESULT (superficial) (flaky) detail}. */
    private static String tests(JsonNode tests) {
        if (tests.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul class=\"tests\">");
        for (JsonNode v : tests) {
            out.append("<li class=\"").append(escape(v.path("result").asText())).append("\">")
                    .append(escape(v.path("test").asText())).append(" <strong>").append(escape(v.path("result").asText()))
                    .append("</strong>").append(v.path("superficial").asBoolean() ? " (superficial)" : "")
                    .append(v.path("flaky").asBoolean() ? " (flaky)" : "")
                    .append(v.path("detail").asText().isEmpty() ? "" : " " + escape(v.path("detail").asText()))
                    .append("</li>");
        }
        return out.append("</ul>").toString();
    }

    private String artifacts(JsonNode list) {
        if (list.isEmpty()) {
            return "<p>none yet</p>";
        }
        StringBuilder out = new StringBuilder("<ul class=\"artifacts\">");
        for (JsonNode a : list) {
            String reference = a.path("reference").asText();
            String href = Stored.locate(store, reference)
                    .map(f -> storeLink(f.container(), f.name()))
                    .orElse(reference.startsWith("http://") || reference.startsWith("https://") ? reference : null);
            out.append("<li>").append(a.path("type").asText()).append(' ');
            if (href == null) {
                out.append(escape(a.path("name").asText()));
            } else {
                out.append("<a href=\"").append(escape(href)).append("\">").append(escape(a.path("name").asText())).append("</a>");
            }
            out.append("</li>");
        }
        return out.append("</ul>").toString();
    }

    private static String progress(JsonNode t) {
        JsonNode p = t.path("progress");
        if (p.isNull() || p.isMissingNode()) {
            return "";
        }
        return p.path("current").asInt() + "/" + p.path("total").asInt() + " " + escape(p.path("message").asText(""));
    }

    private static String step(int code) {
        return code + " " + WorkflowStep.fromCode(code).label();
    }

    private static String item(String term, String value) {
        return "<dt>" + term + "</dt><dd>" + value + "</dd>";
    }

    static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><meta http-equiv=\"refresh\" content=\"30\"><style>").append(STYLE).append("</style></head><body>\n");
    }

    static void send(Context ctx, StringBuilder html) {
        ctx.contentType("text/html; charset=utf-8").result(html.append("</body></html>\n").toString());
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
