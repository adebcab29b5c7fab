package io.jenkins.plugins.lander.ticketsystem;

import static io.jenkins.plugins.lander.stats.StatsFixture.landing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.stats.SeriesPost;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/stats/}: the landings list, a ticket's stats, external series and every refusal, on each database. */
abstract class StatsApiContract extends TicketServerTest {
    StatsApiContract(Backend backend) {
        super(backend);
    }

    private long ticket() throws Exception {
        return client.post("api/v1/ticket/", Json.MAPPER.readTree("{\"title\": \"land\", \"owner\": \"dev@example.com\"}"))
                .path("id").asLong();
    }

    /** Tickets landed {@code 0, 10, 20, …} minutes after T0, each with the sources given for it. */
    private List<Long> landed(String... sourcesPerTicket) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < sourcesPerTicket.length; i++) {
            long id = ticket();
            stats().record(landing(id, 10 * i, sourcesPerTicket[i].split(",")));
            ids.add(id);
        }
        return ids;
    }

    private static List<Long> tickets(JsonNode list) {
        List<Long> out = new ArrayList<>();
        list.path("objects").forEach(o -> out.add(o.path("ticket_id").asLong()));
        return out;
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return send("POST", "api/v1/stats/", body, token);
    }

    @Test
    void listsEveryLandingOfASourceWithItsStepDurationsAndVerdicts() throws Exception {
        start();
        List<Long> ids = landed("hello", "world", "world,hello");
        JsonNode list = client.get("api/v1/stats/?source=hello");
        assertThat(tickets(list)).containsExactly(ids.get(0), ids.get(2));
        JsonNode first = list.path("objects").get(0);
        assertThat(first).isEqualTo(Json.MAPPER.readTree("""
                {"ticket": "/api/v1/ticket/%d/", "ticket_id": %d, "source": "hello", "version": "1.0-0",
                 "date": "2026-03-01T10:00:00Z", "ended": "2026-03-01T10:00:40Z", "series": "bookworm", "result": "COMPLETED",
                 "wall_seconds": 40.0, "queue_wait_seconds": 7.0,
                 "steps": {"allocate": 0.12, "build": 19.0, "image": 5.0, "test": 8.0, "publish": 0.9, "release": 0.3},
                 "uploads": [{"source": "hello", "version": "1.0-0", "build_seconds": 19.0, "test_seconds": 8.0}],
                 "tools": {"autopkgtest": 7.6, "sbuild": 18.4},
                 "verdicts": {"PASS": 1, "SKIP": 1}, "pass_rate": 1.0, "binary_bytes": 52000, "log_bytes": 31000}
                """.formatted(ids.get(0), ids.get(0))));
        // a ticket of two uploads: the filtered source's version, both uploads, steps summed over them
        JsonNode both = list.path("objects").get(1);
        assertThat(both.path("source").asText()).isEqualTo("hello");
        assertThat(both.path("version").asText()).isEqualTo("1.0-20");
        assertThat(both.path("uploads")).extracting(u -> u.path("source").asText()).containsExactly("world", "hello");
        assertThat(both.path("steps").path("build").asDouble()).isEqualTo(38.04);
        assertThat(both.path("verdicts").path("PASS").asInt()).isEqualTo(2);
        assertThat(tickets(client.get("api/v1/stats/"))).containsExactlyElementsOf(ids);
        assertThat(client.get("api/v1/stats/?source=nothing").path("objects")).isEmpty();
    }

    @Test
    void listsPageAndKeepTheirFiltersInNext() throws Exception {
        start();
        List<Long> ids = landed("hello", "world", "hello", "hello", "hello", "hello");
        JsonNode page = client.get("api/v1/stats/?source=hello&since=2026-03-01T10:05:00Z&limit=2");
        assertThat(page.path("meta").path("total_count").asInt()).isEqualTo(4);
        assertThat(page.path("meta").path("previous").isNull()).isTrue();
        assertThat(page.path("meta").path("next").asText())
                .isEqualTo("/api/v1/stats/?source=hello&since=2026-03-01T10%3A05%3A00Z&limit=2&offset=2");
        List<Long> seen = new ArrayList<>(tickets(page));
        JsonNode next = client.get(page.path("meta").path("next").asText());
        seen.addAll(tickets(next));
        assertThat(next.path("meta").path("next").isNull()).isTrue();
        assertThat(next.path("meta").path("previous").asText()).endsWith("&limit=2&offset=0");
        assertThat(seen).containsExactly(ids.get(2), ids.get(3), ids.get(4), ids.get(5));
    }

    @Test
    void sinceTakesAnInstantAnOffsetOrADate() throws Exception {
        start();
        List<Long> ids = landed("hello", "hello", "hello");
        assertThat(tickets(client.get("api/v1/stats/?since=2026-03-01T10:10:00Z"))).containsExactly(ids.get(1), ids.get(2));
        // 12:15 at +02:00 is 10:15 UTC
        assertThat(tickets(client.get("api/v1/stats/?since=2026-03-01T12:15:00%2B02:00"))).containsExactly(ids.get(2));
        assertThat(tickets(client.get("api/v1/stats/?since=2026-03-01"))).containsExactlyElementsOf(ids);
        assertThat(tickets(client.get("api/v1/stats/?since=2026-03-02"))).isEmpty();
    }

    @Test
    void badQueriesAre400sNamingTheParameter() throws Exception {
        start();
        for (String[] q : new String[][] {
                {"since=yesterday", "since: expected an ISO 8601 time"},
                {"since=2026-03-01T10:00:00", "since:"},
                {"source=Hello%20World", "source: 'Hello World' is not a Debian source package name"},
                {"limit=0", "limit: expected an integer from 1 to 1000"},
                {"limit=abc", "limit:"},
                {"offset=-1", "offset:"}}) {
            HttpResponse<String> r = send("GET", "api/v1/stats/?" + q[0], null, null);
            assertThat(r.statusCode()).as(q[0]).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).as(q[0]).startsWith(q[1]);
        }
    }

    @Test
    void aTicketsStatsHaveItsTestsAndExternalSeries() throws Exception {
        start();
        long id = landed("hello").get(0);
        long unlanded = ticket();
        post("{\"ticket\": \"/api/v1/ticket/" + id + "/\", \"name\": \"bootspeed\", \"unit\": \"s\","
                + " \"points\": {\"kernel\": 4.42, \"xorg\": 4.77, \"boot\": 32.77}}", TOKEN);
        post("{\"ticket\": " + unlanded + ", \"name\": \"startup\", \"unit\": \"ms\", \"points\": [12, 11.5]}", TOKEN);

        JsonNode stats = client.get("api/v1/stats/" + id + "/");
        assertThat(stats.path("ticket").asText()).isEqualTo("/api/v1/ticket/" + id + "/");
        assertThat(stats.path("landing").path("tests")).isEqualTo(Json.MAPPER.readTree("""
                [{"source": "hello", "name": "smoke", "result": "PASS", "seconds": 2.5},
                 {"source": "hello", "name": "upstream", "result": "SKIP", "seconds": null}]"""));
        assertThat(stats.path("series")).hasSize(1);
        assertThat(stats.path("series").get(0).path("points"))
                .isEqualTo(Json.MAPPER.readTree("{\"kernel\": 4.42, \"xorg\": 4.77, \"boot\": 32.77}"));

        JsonNode other = client.get("api/v1/stats/" + unlanded + "/");
        assertThat(other.path("landing").isNull()).isTrue();
        assertThat(other.path("series").get(0).path("points")).isEqualTo(Json.MAPPER.readTree("[12.0, 11.5]"));
        assertThat(other.path("series").get(0).path("unit").asText()).isEqualTo("ms");

        assertThat(send("GET", "api/v1/stats/" + (unlanded + 1) + "/", null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "api/v1/stats/x/", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSeriesPostAnswers201WithLocationAndTheStoredSeries() throws Exception {
        start();
        long id = ticket();
        HttpResponse<String> r = post("{\"ticket\": \"/api/v1/ticket/" + id + "/\", \"name\": \"bootspeed\", \"unit\": \"s\","
                + " \"points\": {\"kernel\": 4.42}}", TOKEN);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue(server.uri().resolve("/api/v1/stats/" + id + "/").toString());
        JsonNode created = Json.MAPPER.readTree(r.body());
        assertThat(created.path("name").asText()).isEqualTo("bootspeed");
        assertThat(created.path("ticket").asText()).isEqualTo("/api/v1/ticket/" + id + "/");
        assertThat(created.path("points").path("kernel").asDouble()).isEqualTo(4.42);
        assertThat(created.path("received").asText()).endsWith("Z");
    }

    @Test
    void seriesPostsNeedTheToken() throws Exception {
        start();
        long id = ticket();
        String body = "{\"ticket\": " + id + ", \"name\": \"boot\", \"unit\": \"s\", \"points\": [1]}";
        for (String token : new String[] {null, "wrong-token"}) {
            HttpResponse<String> r = post(body, token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(stats().series(id)).isEmpty();
    }

    @Test
    void badSeriesAre400sNamingTheFieldAndStoreNothing() throws Exception {
        start();
        long id = ticket();
        String ok = "\"ticket\": " + id + ", \"name\": \"boot\", \"unit\": \"s\"";
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= SeriesPost.MAX_POINTS; i++) {
            tooMany.append(i == 0 ? "" : ",").append(i);
        }
        tooMany.append(']');
        for (String[] c : new String[][] {
                {"not json", "malformed JSON"},
                {"[1, 2]", "expected a JSON object"},
                {"{" + ok + ", \"points\": [1]} {}", "malformed JSON"},
                {"{" + ok + ", \"points\": [1], \"colour\": \"red\"}", "unknown field 'colour'"},
                {"{\"name\": \"boot\", \"unit\": \"s\", \"points\": [1]}", "ticket: required"},
                {"{\"ticket\": \"/api/v1/spu/1/\", \"name\": \"boot\", \"unit\": \"s\", \"points\": [1]}", "ticket: expected a ticket URI"},
                {"{\"ticket\": " + id + ", \"unit\": \"s\", \"points\": [1]}", "name: required"},
                {"{\"ticket\": " + id + ", \"name\": 7, \"unit\": \"s\", \"points\": [1]}", "name: expected a string"},
                {"{\"ticket\": " + id + ", \"name\": \"boot time\", \"unit\": \"s\", \"points\": [1]}", "name: 'boot time' is not valid"},
                {"{\"ticket\": " + id + ", \"name\": \"" + "b".repeat(65) + "\", \"unit\": \"s\", \"points\": [1]}", "name: longer than 64"},
                {"{\"ticket\": " + id + ", \"name\": \"boot\", \"unit\": \"<b>\", \"points\": [1]}", "unit:"},
                {"{" + ok + "}", "points: expected an object of numbers"},
                {"{" + ok + ", \"points\": []}", "points: expected 1 to 1000 points, got 0"},
                {"{" + ok + ", \"points\": " + tooMany + "}", "points: more than 1000 points"},
                {"{" + ok + ", \"points\": [1, \"2\"]}", "points[1]: expected a number"},
                {"{" + ok + ", \"points\": {\"kernel\": null}}", "points.kernel: expected a number"},
                {"{" + ok + ", \"points\": {\"kernel\": 1e999}}", "points.kernel: not a finite number"},
                {"{" + ok + ", \"points\": {\"a\": 1, \"a\": 2}}", "malformed JSON: Duplicate field 'a'"},
                {"{" + ok + ", \"points\": {\"a b\": 1}}", "points: 'a b' is not valid"}}) {
            HttpResponse<String> r = post(c[0], TOKEN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).as(c[0]).startsWith(c[1]);
        }
        HttpResponse<String> unknown = post("{\"ticket\": " + (id + 1) + ", \"name\": \"boot\", \"unit\": \"s\", \"points\": [1]}", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).path("error").asText()).isEqualTo("no ticket " + (id + 1));
        assertThat(stats().series(id)).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413WhateverItsFraming() throws Exception {
        start();
        long id = ticket();
        // valid JSON, padded with spaces past the limit
        String big = "{\"ticket\": " + id + ", \"name\": \"boot\", \"unit\": \"s\", \"points\": [1]" + " ".repeat(StatsApi.MAX_BODY) + "}";
        assertThat(post(big, TOKEN).statusCode()).isEqualTo(413);
        // no Content-Length: the body is streamed chunked and must be cut at the limit
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("api/v1/stats/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("request body larger than 65536 bytes");
        assertThat(stats().series(id)).isEmpty();
        // just under the limit is accepted
        String fits = "{\"ticket\": " + id + ", \"name\": \"boot\", \"unit\": \"s\", \"points\": [1]}";
        assertThat(post(fits + " ".repeat(StatsApi.MAX_BODY - fits.length()), TOKEN).statusCode()).isEqualTo(201);
    }
}
