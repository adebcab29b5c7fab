package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every endpoint of the REST API and every refusal, on each database. */
abstract class TicketApiContract extends TicketServerTest {
    private static final String SEED_TICKET = "{\"owner\": \"owner@example.com\", \"title\": \"My first ticket\","
            + " \"description\": \"This if my first ticket. See what it can do\", \"bug_id\": \"12345\"}";

    TicketApiContract(Backend backend) {
        super(backend);
    }

    long count(String resource) throws Exception {
        return client.get("api/v1/" + resource + "/").path("meta").path("total_count").asLong();
    }

    @Test
    void createTicketAnswers201WithLocationAndHoldsItUntilQueued() throws Exception {
        start();
        HttpResponse<String> r = send("POST", "api/v1/ticket/", SEED_TICKET, TOKEN);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode created = Json.MAPPER.readTree(r.body());
        String uri = "/api/v1/ticket/" + created.path("id").asLong() + "/";
        assertThat(created.path("resource_uri").asText()).isEqualTo(uri);
        assertThat(r.headers().firstValue("Location")).hasValue(server.uri().resolve(uri).toString());
        JsonNode read = client.get(uri);
        assertThat(read.path("title").asText()).isEqualTo("My first ticket");
        assertThat(read.path("bug_id").asText()).isEqualTo("12345");
        assertThat(read.path("owner").asText()).isEqualTo("owner@example.com");
        assertThat(read.path("series").asText()).isEqualTo("bookworm");
        assertThat(read.path("current_workflow_step").asInt()).isEqualTo(100);
        assertThat(read.path("status").asText()).isEqualTo("WAITING");
    }

    @Test
    void listsPaginateAsTastypieDoes() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            send("POST", "api/v1/ticket/", SEED_TICKET, TOKEN);
        }
        JsonNode page = client.get("api/v1/ticket/?limit=2");
        assertThat(page.path("meta").path("total_count").asInt()).isEqualTo(3);
        assertThat(page.path("objects")).hasSize(2);
        assertThat(page.path("meta").path("next").asText()).isEqualTo("/api/v1/ticket/?limit=2&offset=2");
        JsonNode rest = client.get(page.path("meta").path("next").asText());
        assertThat(rest.path("objects")).hasSize(1);
        assertThat(rest.path("objects").get(0).path("id").asLong()).isGreaterThan(page.path("objects").get(1).path("id").asLong());
    }

    @Test
    void fullTicketHasSubticketsWithUploadsAndArtifacts() throws Exception {
        start();
        long id = submit(true, 0, "hello", "world");
        JsonNode full = ticket(id);
        assertThat(full.path("subtickets")).hasSize(2);
        JsonNode sub = full.path("subtickets").get(0);
        assertThat(sub.path("ticket").asText()).isEqualTo("/api/v1/ticket/" + id + "/");
        assertThat(sub.path("source_package_upload").path("version").asText()).isEqualTo("1.0-1");
        assertThat(sub.path("source_package_upload").path("sourcepackage").path("name").asText()).isEqualTo("hello");
        assertThat(sub.path("assignee").asText()).isEqualTo("dev@example.com");
        List<String> names = new ArrayList<>();
        sub.path("artifacts").forEach(a -> names.add(a.path("type").asText() + " " + a.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("SPU hello_1.0-1_source.changes", "SPU hello_1.0-1.dsc",
                "SPU hello_1.0-1.tar.xz");
        // the upload's bytes are in the data store, served on the status page's file links
        String link = Stored.locate(new io.jenkins.plugins.lander.datastore.LocalDataStore(
                        data.resolve("store")), sub.path("artifacts").get(0).path("reference").asText())
                .map(f -> StatusPage.storeLink(f.container(), f.name())).orElseThrow();
        HttpResponse<String> file = send("GET", link.substring(1), null, null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).contains("Source: hello");
        // the same source package is recorded once
        assertThat(client.get("api/v1/sourcepackage/?name=hello").path("objects")).hasSize(1);
        assertThat(count("spu")).isEqualTo(2);
        assertThat(count("subticketartifact")).isEqualTo(6);
    }

    @Test
    void everyResourceCanBeCreatedAndRead() throws Exception {
        start();
        JsonNode source = client.post("api/v1/sourcepackage/", Json.MAPPER.readTree("{\"name\": \"my-package\"}"));
        JsonNode binary = client.post("api/v1/binarypackage/", Json.MAPPER.readTree(
                "{\"name\": \"my-package-bin\", \"sourcepackage\": \"" + source.path("resource_uri").asText() + "\", \"seeded\": true}"));
        JsonNode ticket = client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET));
        JsonNode spu = client.post("api/v1/spu/", Json.MAPPER.readTree(
                "{\"sourcepackage\": \"" + source.path("resource_uri").asText() + "\", \"version\": \"1.0\"}"));
        JsonNode sub = client.post("api/v1/subticket/", Json.MAPPER.readTree("{\"source_package_upload\": \""
                + spu.path("resource_uri").asText() + "\", \"ticket\": \"" + ticket.path("resource_uri").asText()
                + "\", \"assignee\": \"test@example.com\"}"));
        JsonNode ta = client.post("api/v1/ticketartifact/", Json.MAPPER.readTree("{\"name\": \"my_artifact\", \"ticket\": \""
                + ticket.path("resource_uri").asText() + "\", \"reference\": \"http://path.to/artifact/\", \"type\": \"IMAGE\"}"));
        JsonNode sa = client.post("api/v1/subticketartifact/", Json.MAPPER.readTree("{\"name\": \"my_artifact\", \"subticket\": \""
                + sub.path("resource_uri").asText() + "\", \"reference\": \"http://path.to/artifact/\", \"type\": \"SPU\"}"));
        for (JsonNode created : List.of(source, binary, ticket, spu, sub, ta, sa)) {
            assertThat(client.get(created.path("resource_uri").asText())).isEqualTo(created);
        }
        assertThat(binary.path("sourcepackage").asText()).isEqualTo(source.path("resource_uri").asText());
        assertThat(ta.path("ticket").asText()).isEqualTo(ticket.path("resource_uri").asText());
        assertThat(sa.path("subticket").asText()).isEqualTo(sub.path("resource_uri").asText());
        assertThat(client.get("api/v1/binarypackage/").path("objects")).hasSize(1);
        // reported again after a crash: the same artifact, with the new reference
        JsonNode again = client.post("api/v1/ticketartifact/", Json.MAPPER.readTree("{\"name\": \"my_artifact\", \"ticket\": \""
                + ticket.path("resource_uri").asText() + "\", \"reference\": \"http://path.to/moved/\", \"type\": \"IMAGE\"}"));
        assertThat(again.path("id")).isEqualTo(ta.path("id"));
        assertThat(again.path("reference").asText()).isEqualTo("http://path.to/moved/");
        assertThat(client.get("api/v1/ticketartifact/").path("objects")).hasSize(1);
    }

    @Test
    void statusUpdatesAcceptTheSeedsCodes() throws Exception {
        start();
        long id = client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET)).path("id").asLong();
        JsonNode running = client.patch("api/v1/updateticketstatus/" + id + "/",
                Json.MAPPER.readTree("{\"current_workflow_step\": \"300\", \"status\": \"RUNNING\"}"));
        assertThat(running.path("current_workflow_step").asInt()).isEqualTo(300);
        assertThat(running.path("status").asText()).isEqualTo("RUNNING");
        JsonNode done = client.patch("api/v1/updateticketstatus/" + id + "/",
                Json.MAPPER.readTree("{\"current_workflow_step\": \"1000\", \"status\": \"1000\"}"));
        assertThat(done.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(client.get("api/v1/ticketstatus/?current_workflow_step=1000").path("objects")).hasSize(1);
        assertThat(client.get("api/v1/ticketstatus/?current_workflow_step=100").path("objects")).isEmpty();
        assertThat(client.get("api/v1/opentickets/").path("objects")).isEmpty();
        assertThat(client.get("api/v1/ticketstatus/").path("objects")).hasSize(1);
    }

    @Test
    void subticketStatusUpdates() throws Exception {
        start();
        long id = submit(true, 0, "hello");
        long sub = ticket(id).path("subtickets").get(0).path("id").asLong();
        JsonNode updated = client.patch("api/v1/updatesubticketstatus/" + sub + "/",
                Json.MAPPER.readTree("{\"current_workflow_step\": \"200\", \"status\": \"RUNNING\"}"));
        assertThat(updated.path("current_workflow_step").asInt()).isEqualTo(200);
        assertThat(ticket(id).path("subtickets").get(0).path("status").asText()).isEqualTo("RUNNING");
        assertThat(client.get("api/v1/opentickets/").path("objects")).hasSize(1);
    }

    @Test
    void writesNeedTheToken() throws Exception {
        start();
        for (String token : new String[] {null, "wrong", ""}) {
            HttpResponse<String> r = send("POST", "api/v1/ticket/", SEED_TICKET, token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).contains("Authorization: Bearer");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(send("PATCH", "api/v1/updateticketstatus/1/", "{\"status\": \"000\"}", null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "api/v1/upload/1/x.dsc", "x", null).statusCode()).isEqualTo(401);
        assertThat(count("ticket")).isZero();
    }

    @Test
    void badInputIsA400AndWritesNothing() throws Exception {
        start();
        long ticket = client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET)).path("id").asLong();
        String[][] cases = {
            {"api/v1/ticket/", "{\"title\": \"x\", ", "malformed JSON"},
            {"api/v1/ticket/", "[1, 2]", "expected a JSON object"},
            {"api/v1/ticket/", "{\"title\": \"x\", \"owner\": \"o\", \"colour\": \"red\"}", "unknown field 'colour'"},
            {"api/v1/ticket/", "{\"title\": [\"x\"], \"owner\": \"o\"}", "title: expected a string"},
            {"api/v1/ticket/", "{\"owner\": \"o\"}", "title: required"},
            {"api/v1/ticket/", "{\"title\": \"x\", \"owner\": \"o\", \"priority\": \"high\"}", "priority: expected an integer"},
            {"api/v1/sourcepackage/", "{\"name\": \"Not A Package\"}", "not a Debian source package name"},
            {"api/v1/spu/", "{\"sourcepackage\": \"/api/v1/sourcepackage/999/\", \"version\": \"1\"}", "does not exist"},
            {"api/v1/spu/", "{\"sourcepackage\": \"/api/v1/ticket/1/\", \"version\": \"1\"}", "expected a sourcepackage URI"},
            {"api/v1/ticketartifact/", "{\"name\": \"a\", \"ticket\": \"/api/v1/ticket/" + ticket
                    + "/\", \"reference\": \"http://x/\", \"type\": \"SPU\"}", "unknown artifact type 'SPU'"},
            {"api/v1/subticketartifact/", "{\"name\": \"a\", \"subticket\": \"/api/v1/subticket/999/\","
                    + " \"reference\": \"http://x/\", \"type\": \"LOGS\"}", "does not exist"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("POST", c[0], c[1], TOKEN);
            assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).as(c[1]).contains(c[2]);
        }
        HttpResponse<String> badStep = send("GET", "api/v1/ticketstatus/?current_workflow_step=250", null, null);
        assertThat(badStep.statusCode()).isEqualTo(400);
        // a valid step with an invalid status changes neither
        HttpResponse<String> half = send("PATCH", "api/v1/updateticketstatus/" + ticket + "/",
                "{\"current_workflow_step\": \"400\", \"status\": \"SLEEPING\"}", TOKEN);
        assertThat(half.statusCode()).isEqualTo(400);
        assertThat(client.get("api/v1/ticket/" + ticket + "/").path("current_workflow_step").asInt()).isEqualTo(100);
        assertThat(count("ticket")).isEqualTo(1);
        assertThat(count("sourcepackage") + count("spu") + count("ticketartifact") + count("subticketartifact")).isZero();
    }

    @Test
    void unknownIdsAre404() throws Exception {
        start();
        for (String path : List.of("api/v1/ticket/999/", "api/v1/fullticket/999/", "api/v1/spu/999/", "api/v1/subticket/999/",
                "api/v1/sourcepackage/999/", "api/v1/binarypackage/999/", "api/v1/ticketartifact/999/",
                "api/v1/subticketartifact/999/", "api/v1/ticket/abc/", "api/v1/nothing/")) {
            HttpResponse<String> r = send("GET", path, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).as(path).isNotBlank();
        }
        assertThat(send("PATCH", "api/v1/updateticketstatus/999/", "{\"status\": \"000\"}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "api/v1/updatesubticketstatus/999/", "{\"status\": \"000\"}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "api/v1/upload/999/x.dsc", "x", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void bodiesAndUploadsHaveSizeLimits() throws Exception {
        start(config().withMaxUpload(1024));
        String big = "{\"title\": \"" + "x".repeat(TicketApi.MAX_JSON_BODY) + "\", \"owner\": \"o\"}";
        assertThat(send("POST", "api/v1/ticket/", big, TOKEN).statusCode()).isEqualTo(413);
        assertThat(count("ticket")).isZero();
        long ticket = client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET)).path("id").asLong();
        HttpResponse<String> tooBig = send("PUT", "api/v1/upload/" + ticket + "/big.tar.xz", "y".repeat(2048), TOKEN);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(data.resolve("store/ticket." + ticket + "/sources/big.tar.xz")).doesNotExist();
        HttpResponse<String> ok = send("PUT", "api/v1/upload/" + ticket + "/small.dsc", "Source: small\n", TOKEN);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(send("GET", ok.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+/", ""), null, null)
                .body()).isEqualTo("Source: small\n");
        assertThat(send("PUT", "api/v1/upload/" + ticket + "/..", "z", TOKEN).statusCode()).isIn(400, 404);
        assertThat(send("PUT", "api/v1/upload/" + ticket + "/a%2Fb", "z", TOKEN).statusCode()).isIn(400, 404);
    }

    @Test
    void uploadsLargerThanAJsonBodyAreStreamedToTheDataStore() throws Exception {
        start();
        long ticket = client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET)).path("id").asLong();
        Path tarball = sources.resolve("big_1.0.orig.tar.xz");
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(tarball, bytes);
        JsonNode stored = client.upload(ticket, tarball);
        assertThat(Files.readAllBytes(Path.of(java.net.URI.create(stored.path("reference").asText())))).isEqualTo(bytes);
    }

    @Test
    void concurrentCreatesLoseAndDuplicateNothing() throws Exception {
        start();
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ids.add(client.post("api/v1/ticket/", Json.MAPPER.readTree(SEED_TICKET)).path("id").asLong());
                }
                return ids;
            }));
        }
        Set<Long> ids = new HashSet<>();
        for (Future<List<Long>> f : results) {
            ids.addAll(f.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(threads * each);
        assertThat(count("ticket")).isEqualTo(threads * each);
        Set<Long> listed = new HashSet<>();
        client.get("api/v1/ticket/?limit=1000").path("objects").forEach(o -> listed.add(o.path("id").asLong()));
        assertThat(listed).isEqualTo(ids);
    }

    @Test
    void theTokenFileIsCreatedPrivateAndKeptAcrossRestarts() throws Exception {
        start(config().withToken(null));
        Path file = data.resolve("api-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(token).hasSize(64);
        assertThat(send("POST", "api/v1/ticket/", SEED_TICKET, token).statusCode()).isEqualTo(201);
        server.close();
        start(config().withToken(null));
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(send("POST", "api/v1/ticket/", SEED_TICKET, token).statusCode()).isEqualTo(201);
        assertThat(send("POST", "api/v1/ticket/", SEED_TICKET, TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void ticketsSurviveARestart() throws Exception {
        start();
        long held = submit(true, 0, "hello");
        JsonNode before = ticket(held);
        restart(new FakeLandingSteps());
        assertThat(ticket(held)).isEqualTo(before);
        assertThat(count("ticket")).isEqualTo(1);
    }
}
