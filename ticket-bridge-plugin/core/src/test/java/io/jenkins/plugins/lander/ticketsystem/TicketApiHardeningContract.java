package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What probes of the API found, each refused with a 4xx naming the problem and writing nothing, on each database. */
abstract class TicketApiHardeningContract extends TicketServerTest {
    private static final String TICKET = "{\"title\": \"t\", \"owner\": \"o@example.com\"}";

    TicketApiHardeningContract(Backend backend) {
        super(backend);
    }

    long count(String resource) throws Exception {
        return client.get("api/v1/" + resource + "/").path("meta").path("total_count").asLong();
    }

    HttpResponse<String> sendBytes(String method, String path, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String error(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).path("error").asText();
    }

    private String ticketUri() throws Exception {
        return client.post("api/v1/ticket/", Json.MAPPER.readTree(TICKET)).path("resource_uri").asText();
    }

    private ObjectNode json(String text) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    @Test
    void aChunkedBodyIsBoundedLikeAnyOther() throws Exception {
        start();
        // valid JSON, 4 MiB of it whitespace: read whole, it would create a ticket
        byte[] body = ("{\"title\": \"t\", \"owner\": \"o\"" + " ".repeat(4 << 20) + "}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("api/v1/ticket/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // no length: chunked
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(error(r)).isEqualTo("request body larger than " + TicketApi.MAX_JSON_BODY + " bytes");
        assertThat(count("ticket")).isZero();
    }

    @Test
    void onlyOneWellFormedJsonObjectInUtf8IsAccepted() throws Exception {
        start();
        Map<String, String> cases = Map.of(
                TICKET + " garbage", "malformed JSON",
                TICKET + TICKET, "malformed JSON",
                "{\"title\": \"a\", \"title\": \"b\", \"owner\": \"o\"}", "malformed JSON: Duplicate field 'title'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = send("POST", "api/v1/ticket/", c.getKey(), TOKEN);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(error(r)).as(c.getKey()).startsWith(c.getValue());
        }
        byte[] latin1 = "{\"title\": \"caf\u00e9\", \"owner\": \"o\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> r = sendBytes("POST", "api/v1/ticket/", latin1);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("request body is not UTF-8");
        assertThat(count("ticket")).isZero();
    }

    @Test
    void everyFieldIsLimitedToWhatItsColumnHoldsAndNamedWhenTooLong() throws Exception {
        start();
        String ticket = ticketUri();
        String source = client.post("api/v1/sourcepackage/", json("{\"name\": \"hello\"}")).path("resource_uri").asText();
        String spu = client.post("api/v1/spu/", json("{\"sourcepackage\": \"" + source + "\", \"version\": \"1.0\"}"))
                .path("resource_uri").asText();
        String sub = client.post("api/v1/subticket/", json("{\"source_package_upload\": \"" + spu + "\", \"ticket\": \""
                + ticket + "\"}")).path("resource_uri").asText();
        record Case(String path, String field, int limit, String template) {}
        List<Case> cases = List.of(
                new Case("api/v1/ticket/", "title", 4096, "{\"title\": \"%s\", \"owner\": \"o\"}"),
                new Case("api/v1/ticket/", "owner", 255, "{\"title\": \"t\", \"owner\": \"%s\"}"),
                new Case("api/v1/ticket/", "bug_id", 1024, "{\"title\": \"t\", \"owner\": \"o\", \"bug_id\": \"%s\"}"),
                new Case("api/v1/ticket/", "series", 64, "{\"title\": \"t\", \"owner\": \"o\", \"series\": \"%s\"}"),
                new Case("api/v1/ticket/", "binary_packages", 255,
                        "{\"title\": \"t\", \"owner\": \"o\", \"binary_packages\": [\"%s\"]}"),
                new Case("api/v1/sourcepackage/", "name", 255, "{\"name\": \"%s\"}"),
                new Case("api/v1/binarypackage/", "name", 255, "{\"name\": \"%s\"}"),
                new Case("api/v1/spu/", "version", 255, "{\"sourcepackage\": \"" + source + "\", \"version\": \"1%s\"}"),
                new Case("api/v1/subticket/", "assignee", 255, "{\"source_package_upload\": \"" + spu + "\", \"ticket\": \""
                        + ticket + "\", \"assignee\": \"%s\"}"),
                new Case("api/v1/ticketartifact/", "name", 1024, "{\"name\": \"%s\", \"ticket\": \"" + ticket
                        + "\", \"reference\": \"http://example.com/a\", \"type\": \"LOGS\"}"),
                new Case("api/v1/subticketartifact/", "reference", 4096, "{\"name\": \"r\", \"subticket\": \"" + sub
                        + "\", \"reference\": \"http://example.com/%s\", \"type\": \"LOGS\"}"));
        for (Case c : cases) {
            int fixed = c.template().contains("\"1%s\"") ? 1 : c.template().contains("example.com/%s") ? 19 : 0;
            String tooLong = "a".repeat(c.limit() - fixed + 1);
            HttpResponse<String> r = send("POST", c.path(), c.template().formatted(tooLong), TOKEN);
            assertThat(r.statusCode()).as(c.path() + " " + c.field()).isEqualTo(400);
            assertThat(error(r)).as(c.path() + " " + c.field()).isEqualTo(c.field() + ": longer than " + c.limit() + " characters");
            // and the longest value that fits is stored whole
            HttpResponse<String> fits = send("POST", c.path(), c.template().formatted("a".repeat(c.limit() - fixed)), TOKEN);
            assertThat(fits.statusCode()).as(c.path() + " " + c.field() + " " + fits.body()).isEqualTo(201);
        }
        long id = Resource.TICKET.idOf("ticket", ticket);
        HttpResponse<String> reason = send("PATCH", "api/v1/updateticketstatus/" + id + "/",
                "{\"status\": \"CANCELLED\", \"reason\": \"" + "r".repeat(65537) + "\"}", TOKEN);
        assertThat(reason.statusCode()).isIn(400, 413);
        assertThat(client.get(ticket).path("status").asText()).isEqualTo("WAITING");
    }

    @Test
    void controlCharactersAndNulAreRefusedNamingTheField() throws Exception {
        start();
        String[][] cases = {
            {"{\"title\": \"a\\u0000b\", \"owner\": \"o\"}", "title: contains a control character (U+0000)"},
            {"{\"title\": \"t\", \"owner\": \"o\\nX-Injected: 1\"}", "owner: contains a control character (U+000A)"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"description\": \"nul \\u0000 here\"}",
                "description: contains a control character (U+0000)"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"bug_id\": \"\\u001b[2J\"}", "bug_id: contains a control character (U+001B)"},
            {"{\"title\": \"\\ud800\", \"owner\": \"o\"}", "title: is not valid Unicode (a lone surrogate)"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"series\": \"../../etc\"}", "series: '../../etc' is not a Debian suite name"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"binary_packages\": [\"--root=/\"]}",
                "binary_packages: '--root=/' is not a Debian package name"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"overrides\": {\"ignore_architectures\": [\"amd64 --x\"]}}",
                "overrides: ignore_architectures: 'amd64 --x' is not a Debian architecture name"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("POST", "api/v1/ticket/", c[0], TOKEN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(error(r)).as(c[0]).isEqualTo(c[1]);
        }
        // a description keeps its lines and tabs
        JsonNode multiLine = client.post("api/v1/ticket/", json("{\"title\": \"t\", \"owner\": \"o\", \"description\": \"a\\n\\tb\"}"));
        assertThat(multiLine.path("description").asText()).isEqualTo("a\n\tb");
        HttpResponse<String> nulFilter = send("GET", "api/v1/sourcepackage/?name=%00", null, null);
        assertThat(nulFilter.statusCode()).isEqualTo(400);
        assertThat(error(nulFilter)).isEqualTo("name: contains a control character (U+0000)");
        assertThat(count("ticket")).isEqualTo(1);
    }

    @Test
    void hintsAreBritneysTwoHintsEachCheckedAndKeptOnTheTicket() throws Exception {
        start();
        String[][] cases = {
            {"{\"title\": \"t\", \"owner\": \"o\", \"hints\": [\"force-badtest bb\"]}",
                "hints: hint 'force-badtest bb': 'bb' is not SRC/VERSION or SRC/VERSION/ARCH"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"hints\": [\"force-badtest bb/1.0\", \"block bb/1.0\"]}",
                "hints: hint 'block bb/1.0': unknown hint 'block' (only force-badtest SRC/VERSION[/ARCH] and"
                        + " force-skiptest SRC/VERSION are known)"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"hints\": [\"force-skiptest ../1.0\"]}",
                "hints: hint 'force-skiptest ../1.0': '..' is not a source package name"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"hints\": \"force-badtest bb/1.0\"}", "hints: expected a list of strings"},
            {"{\"title\": \"t\", \"owner\": \"o\", \"hints\": [\"force-badtest bb/1.0\\nforce-skiptest xx/1\"]}",
                "hints: contains a control character (U+000A)"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("POST", "api/v1/ticket/", c[0], TOKEN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(error(r)).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(count("ticket")).isZero();
        JsonNode t = client.post("api/v1/ticket/", json("{\"title\": \"t\", \"owner\": \"o\", \"hints\":"
                + " [\"force-badtest bb/1.0/amd64\", \"force-skiptest liba/2.0\"]}"));
        JsonNode full = client.get("api/v1/fullticket/" + t.path("id").asLong() + "/");
        assertThat(full.path("hints").toString()).isEqualTo("[\"force-badtest bb/1.0/amd64\",\"force-skiptest liba/2.0\"]");
        assertThat(full.path("triggered_tests").isNull()).isTrue();
    }

    @Test
    void automaticIsTrueOrFalseAndKeptOnTheTicketForTheEngine() throws Exception {
        start();
        for (String bad : new String[] {"\"true\"", "1", "\"yes\"", "[true]", "{}"}) {
            String body = "{\"title\": \"t\", \"owner\": \"o\", \"automatic\": " + bad + "}";
            HttpResponse<String> r = send("POST", "api/v1/ticket/", body, TOKEN);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(error(r)).as(body).isEqualTo("automatic: expected true or false");
        }
        assertThat(count("ticket")).isZero();

        long sync = client.post("api/v1/ticket/", json("{\"title\": \"t\", \"owner\": \"o\", \"automatic\": true}"))
                .path("id").asLong();
        long person = client.post("api/v1/ticket/", json(TICKET)).path("id").asLong();

        assertThat(client.get("api/v1/ticket/" + sync + "/").path("automatic").asBoolean()).isTrue();
        assertThat(client.get("api/v1/fullticket/" + sync + "/").path("automatic").asBoolean()).isTrue();
        assertThat(client.get("api/v1/fullticket/" + person + "/").path("automatic").isBoolean()).isTrue();
        assertThat(client.get("api/v1/fullticket/" + person + "/").path("automatic").asBoolean()).isFalse();
        // the engine that lands it (and mails about it) reads the same row
        assertThat(tickets().find(Long.toString(sync)).orElseThrow().isAutomatic()).isTrue();
        assertThat(tickets().find(Long.toString(person)).orElseThrow().isAutomatic()).isFalse();
    }

    @Test
    void artifactNamesAreRelativePathsOfPlainSegments() throws Exception {
        start();
        String ticket = ticketUri();
        for (String bad : List.of("/", "", " ", "a\u0000b", "../x", "a/../../b", "/etc/passwd", "a//b", "./a", "a/.", "x\ny",
                ".private/x", "a\\b")) {
            ObjectNode body = json("{\"ticket\": \"" + ticket + "\", \"reference\": \"http://example.com/\", \"type\": \"LOGS\"}");
            body.put("name", bad);
            HttpResponse<String> r = send("POST", "api/v1/ticketartifact/", Json.MAPPER.writeValueAsString(body), TOKEN);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(error(r)).as(bad).startsWith("name: ");
        }
        for (String good : List.of("console/build_hello_1.0-1.log", "hello_1.0-1/autopkgtest/summary", "my_artifact")) {
            ObjectNode body = json("{\"ticket\": \"" + ticket + "\", \"reference\": \"http://example.com/\", \"type\": \"LOGS\"}");
            body.put("name", good);
            assertThat(client.post("api/v1/ticketartifact/", body).path("name").asText()).isEqualTo(good);
        }
        assertThat(count("ticketartifact")).isEqualTo(3);
    }

    @Test
    void referencesAreHttpOrWhatTheStoreReturnedForThisTicket() throws Exception {
        start();
        String ticket = ticketUri();
        long id = Resource.TICKET.idOf("ticket", ticket);
        String other = ticketUri();
        long otherId = Resource.TICKET.idOf("ticket", other);
        Path file = sources.resolve("hello_1.0.dsc");
        Files.writeString(file, "Source: hello\n");
        String own = client.upload(id, file).path("reference").asText();
        String foreign = client.upload(otherId, file).path("reference").asText();
        Path store = data.resolve("store");
        List<String> bad = List.of("file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "ftp://example.com/x", "http:relative", "/api/v1/ticket/1/", foreign,
                store.resolve("ticket." + id + "/sources/missing.dsc").toUri().toString(),
                store.resolve("ticket." + id + "/sources/../../ticket." + otherId + "/sources/hello_1.0.dsc").toUri().toString());
        for (String reference : bad) {
            ObjectNode body = json("{\"name\": \"a\", \"ticket\": \"" + ticket + "\", \"type\": \"LOGS\"}");
            body.put("reference", reference);
            HttpResponse<String> r = send("POST", "api/v1/ticketartifact/", Json.MAPPER.writeValueAsString(body), TOKEN);
            assertThat(r.statusCode()).as(reference).isEqualTo(400);
            assertThat(error(r)).as(reference).startsWith("reference: expected an http(s) URL or a reference this server's"
                    + " data store returned for ticket " + id);
        }
        for (String reference : List.of("http://example.com/log", "HTTPS://example.com/log?x=1", own)) {
            ObjectNode body = json("{\"name\": \"a\", \"ticket\": \"" + ticket + "\", \"type\": \"LOGS\"}");
            body.put("reference", reference);
            assertThat(client.post("api/v1/ticketartifact/", body).path("reference").asText()).isEqualTo(reference);
        }
    }

    @Test
    void uploadsAreAttachedOnlyWhileTheTicketIsHeld() throws Exception {
        start();
        long id = submit(true, 0, "hello");
        String sub = ticket(id).path("subtickets").get(0).path("resource_uri").asText();
        String reference = ticket(id).path("subtickets").get(0).path("artifacts").get(0).path("reference").asText();
        client.patch("api/v1/updateticketstatus/" + id + "/", Map.of("status", "CANCELLED"));
        HttpResponse<String> late = send("POST", "api/v1/subticketartifact/", "{\"name\": \"extra.tar.xz\", \"subticket\": \""
                + sub + "\", \"reference\": \"" + reference + "\", \"type\": \"SPU\"}", TOKEN);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(error(late)).contains("is no longer open for new uploads");
        // results of a landing are still reported
        HttpResponse<String> logs = send("POST", "api/v1/subticketartifact/", "{\"name\": \"build.log\", \"subticket\": \""
                + sub + "\", \"reference\": \"http://example.com/build.log\", \"type\": \"LOGS\"}", TOKEN);
        assertThat(logs.statusCode()).isEqualTo(201);
    }

    @Test
    void statusChangesFollowTheStateMachine() throws Exception {
        start();
        long id = Resource.TICKET.idOf("ticket", ticketUri());
        String path = "api/v1/updateticketstatus/" + id + "/";
        // COMPLETED → WAITING, CANCELLED → RUNNING, and 999 with COMPLETED are refused
        client.patch(path, Map.of("current_workflow_step", "100", "status", "RUNNING"));
        client.patch(path, Map.of("current_workflow_step", "1000", "status", "1000"));
        HttpResponse<String> reopen = send("PATCH", path, "{\"current_workflow_step\": \"100\", \"status\": \"WAITING\"}", TOKEN);
        assertThat(reopen.statusCode()).isEqualTo(409);
        assertThat(error(reopen)).isEqualTo("ticket " + id + ": cannot go from COMPLETED at 1000 to WAITING at 100:"
                + " COMPLETED at 1000 is final");
        JsonNode none = Json.MAPPER.readTree(reopen.body()).path("allowed");
        assertThat(none.isArray()).isTrue();
        assertThat(none).isEmpty();

        long cancelled = Resource.TICKET.idOf("ticket", ticketUri());
        client.patch("api/v1/updateticketstatus/" + cancelled + "/", Map.of("status", "CANCELLED"));
        HttpResponse<String> revive = send("PATCH", "api/v1/updateticketstatus/" + cancelled + "/",
                "{\"current_workflow_step\": \"200\", \"status\": \"RUNNING\"}", TOKEN);
        assertThat(revive.statusCode()).isEqualTo(409);

        long running = Resource.TICKET.idOf("ticket", ticketUri());
        client.patch("api/v1/updateticketstatus/" + running + "/", Map.of("current_workflow_step", "200", "status", "RUNNING"));
        HttpResponse<String> noState = send("PATCH", "api/v1/updateticketstatus/" + running + "/",
                "{\"current_workflow_step\": \"999\", \"status\": \"COMPLETED\"}", TOKEN);
        assertThat(noState.statusCode()).isEqualTo(409);
        assertThat(error(noState)).contains("COMPLETED at 999 is not a state").contains("allowed: RUNNING at 300, 400, 500;");
        JsonNode allowed = Json.MAPPER.readTree(noState.body()).path("allowed");
        assertThat(allowed).contains(json("{\"current_workflow_step\": 1000, \"status\": \"COMPLETED\"}"),
                json("{\"current_workflow_step\": 999, \"status\": \"CANCELLED\"}"));
        HttpResponse<String> back = send("PATCH", "api/v1/updateticketstatus/" + running + "/",
                "{\"current_workflow_step\": \"100\", \"status\": \"000\"}", TOKEN);
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(client.get("api/v1/ticket/" + running + "/").path("current_workflow_step").asInt()).isEqualTo(200);
        assertThat(client.get("api/v1/ticket/" + cancelled + "/").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(client.get("api/v1/ticket/" + id + "/").path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void subticketStatusChangesFollowTheSameStateMachine() throws Exception {
        start();
        long id = submit(true, 0, "hello");
        long sub = ticket(id).path("subtickets").get(0).path("id").asLong();
        String path = "api/v1/updatesubticketstatus/" + sub + "/";
        client.patch(path, Map.of("current_workflow_step", "200", "status", "RUNNING"));
        client.patch(path, Map.of("current_workflow_step", "999", "status", "FAILED"));
        HttpResponse<String> r = send("PATCH", path, "{\"current_workflow_step\": \"400\", \"status\": \"RUNNING\"}", TOKEN);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(error(r)).isEqualTo("subticket " + sub + ": cannot go from FAILED at 999 to RUNNING at 400:"
                + " FAILED at 999 is final");
    }

    @Test
    void aCancelledTicketsOpenSubticketsCloseAt999() throws Exception {
        start();
        long id = submit(true, 0, "hello");
        client.patch("api/v1/updateticketstatus/" + id + "/", Map.of("status", "CANCELLED"));
        JsonNode sub = ticket(id).path("subtickets").get(0);
        assertThat(sub.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(sub.path("current_workflow_step").asInt()).isEqualTo(999);
    }

    @Test
    void theStoreNeverFollowsASymlink() throws Exception {
        start();
        long id = Resource.TICKET.idOf("ticket", ticketUri());
        Path file = Files.writeString(sources.resolve("hello_1.0.dsc"), "Source: hello\n");
        client.upload(id, file);
        Path store = data.resolve("store");
        Files.createSymbolicLink(store.resolve("ticket." + id + "/sources/passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(store.resolve("ticket." + id + "/etc"), Path.of("/etc"));
        Files.createSymbolicLink(store.resolve("ticket.999"), Path.of("/etc"));
        for (String link : List.of("store/ticket." + id + "/sources/passwd", "store/ticket." + id + "/etc/passwd",
                "store/ticket.999/passwd")) {
            HttpResponse<String> r = send("GET", link, null, null);
            assertThat(r.statusCode()).as(link).isEqualTo(404);
            assertThat(r.body()).as(link).doesNotContain("root:");
        }
        assertThat(send("GET", "store/ticket." + id + "/sources/hello_1.0.dsc", null, null).body()).isEqualTo("Source: hello\n");
    }

    @Test
    void anOffsetAtTheEndOfTheIntegersHasNoNextPage() throws Exception {
        start();
        ticketUri();
        JsonNode page = client.get("api/v1/ticket/?limit=1000&offset=2147483647");
        assertThat(page.path("objects")).isEmpty();
        assertThat(page.path("meta").path("next").isNull()).isTrue();
        assertThat(page.path("meta").path("previous").asText()).isEqualTo("/api/v1/ticket/?limit=1000&offset=2147482647");
    }

    /** Requests that race each other: two servers' worth on PostgreSQL (one database), one on H2 (an embedded file). */
    private <T> List<HttpResponse<String>> race(int perServer, Callable<HttpRequest> request) throws Exception {
        List<TicketServer> servers = new ArrayList<>(List.of(server));
        if (backend == Backend.POSTGRES) {
            servers.add(startAnother(sources.resolve("second")));
        }
        int threads = perServer * servers.size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                TicketServer target = servers.get(i % servers.size());
                HttpRequest template = request.call();
                HttpRequest r = HttpRequest.newBuilder(target.uri().resolve(template.uri().getPath()))
                        .method(template.method(), template.bodyPublisher().orElseThrow())
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).build();
                futures.add(pool.submit(() -> {
                    go.await();
                    return http.send(r, HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
            for (TicketServer s : servers.subList(1, servers.size())) {
                s.close();
            }
        }
    }

    private static Map<Integer, Integer> statuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> out = new HashMap<>();
        responses.forEach(r -> out.merge(r.statusCode(), 1, Integer::sum));
        return out;
    }

    @Test
    void concurrentCreatesOfOneSourcePackageRecordItOnceAndNeverFail() throws Exception {
        start();
        for (int round = 0; round < 5; round++) {
            String name = "race" + round;
            List<HttpResponse<String>> answers = race(50, () -> HttpRequest.newBuilder(server.uri().resolve("api/v1/sourcepackage/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}")).build());
            assertThat(statuses(answers)).as(name).containsOnlyKeys(201, 400).containsEntry(201, 1);
            answers.stream().filter(r -> r.statusCode() == 400).forEach(r -> assertThat(r.body())
                    .contains("source package '" + name + "' exists"));
            assertThat(client.get("api/v1/sourcepackage/?name=" + name).path("objects")).hasSize(1);
        }
    }

    @Test
    void concurrentReportsOfOneArtifactKeepOneRowAndNeverFail() throws Exception {
        start();
        String ticket = ticketUri();
        for (int round = 0; round < 5; round++) {
            String body = "{\"name\": \"console/log" + round + "\", \"ticket\": \"" + ticket
                    + "\", \"reference\": \"http://example.com/" + round + "\", \"type\": \"LOGS\"}";
            List<HttpResponse<String>> answers = race(50, () -> HttpRequest.newBuilder(server.uri().resolve("api/v1/ticketartifact/"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(statuses(answers)).as("round " + round).containsOnlyKeys(201);
            assertThat(answers.stream().map(r -> {
                try {
                    return Json.MAPPER.readTree(r.body()).path("id").asLong();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).distinct()).hasSize(1);
        }
        assertThat(count("ticketartifact")).isEqualTo(5);
    }
}
