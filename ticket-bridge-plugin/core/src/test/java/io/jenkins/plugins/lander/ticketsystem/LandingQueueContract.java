package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.source.SignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue: landing, FIFO and priority, cancel, liveness, restart — on each database. */
abstract class LandingQueueContract extends TicketServerTest {

    LandingQueueContract(Backend backend) {
        super(backend);
    }

    private JsonNode awaitStatus(long id, String status) {
        await().atMost(timeout()).until(() -> ticket(id).path("status").asText().equals(status));
        try {
            return ticket(id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitIdle() {
        await().atMost(timeout()).until(() -> server.queue().running().isEmpty());
    }

    /**
     * The status page's regression table, rendered from the ticket the engine saved: a reverse
     * dependency that passes without the ticket and fails with it is a REGRESSION, marked as a
     * failure; the one that passes is marked complete; the ticket fails and publishes nothing.
     */
    @Test
    void theStatusPageShowsTheRegressionTableWithTheRegressionMarked() throws Exception {
        steps.reverseDependencies.put("bb", new int[] {4, 0});
        steps.reverseDependencies.put("cc", new int[] {0, 0});
        start();
        long id = submit(false, 0, "hello");
        await().atMost(timeout()).until(() -> ticket(id).path("current_workflow_step").asInt() == 999);
        assertThat(steps.events).noneMatch(e -> e.startsWith("publish"));

        String page = send("GET", "tickets/" + id, null, null).body();

        assertThat(page).contains("<h2>Triggered tests <span id=\"triggered-progress\">2/2</span></h2>")
                .contains("<table id=\"triggered\">");
        List<String> rows = new ArrayList<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("<tr class=\"triggered\">(.*?)</tr>").matcher(page);
        while (row.find()) {
            rows.add(row.group(1));
        }
        assertThat(rows).containsExactly(
                "<td>bb 1.0</td><td>amd64</td><td>hello_1.0-1</td><td class=\"verdict FAILED\">REGRESSION</td><td>4 (0)</td>"
                        + "<td>autopkgtest FAIL (exit 4): smoke FAIL non-zero exit status 1; passes without hello_1.0-1</td>",
                "<td>cc 1.0</td><td>amd64</td><td>hello_1.0-1</td><td class=\"verdict COMPLETED\">PASS</td><td>0</td>"
                        + "<td>autopkgtest PASS (exit 0)</td>");
    }

    @Test
    void aQueuedTicketIsLandedWithItsLogsAndResultsAttached() throws Exception {
        start();
        long id = submit(false, 0, "hello");
        JsonNode done = awaitStatus(id, "COMPLETED");
        awaitIdle(); // the PPA is released after the ticket is marked complete
        assertThat(done.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(done.path("started_at").isNull()).isFalse();
        JsonNode sub = done.path("subtickets").get(0);
        assertThat(sub.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(sub.path("upload").asText()).isEqualTo("hello_1.0-1_source.changes");
        // the verdicts the Lander saved, as every face renders them
        assertThat(sub.path("tests").toString())
                .isEqualTo("[{\"test\":\"smoke\",\"result\":\"PASS\",\"superficial\":false,\"flaky\":false,\"detail\":\"\"}]");
        assertThat(send("GET", "api/v1/subticket/" + sub.path("id").asLong() + "/", null, null).body())
                .contains("\"tests\":[{\"test\":\"smoke\"");
        List<String> artifacts = new ArrayList<>();
        sub.path("artifacts").forEach(a -> artifacts.add(a.path("type").asText() + " " + a.path("name").asText()));
        assertThat(artifacts).contains("LOGS hello_1.0-1/build.log", "RESULTS hello_1.0-1/autopkgtest/summary");
        List<String> logs = new ArrayList<>();
        done.path("artifacts").forEach(a -> logs.add(a.path("name").asText()));
        assertThat(logs).contains("console/allocate-ppa.log", "console/build-source_hello_1.0-1.log", "console/publish.log");
        assertThat(steps.events).containsSubsequence("allocate ppa-" + id, "build hello resuming=false", "image ppa-" + id,
                "test hello", "publish ppa-" + id, "release ppa-" + id);
        // the archived build log is served from the data store
        String reference = sub.path("artifacts").findValues("reference").stream().map(JsonNode::asText)
                .filter(r -> r.endsWith("build.log")).findFirst().orElseThrow();
        String link = Stored.locate(new io.jenkins.plugins.lander.datastore.LocalDataStore(
                data.resolve("store")), reference).map(f -> StatusPage.storeLink(f.container(), f.name())).orElseThrow();
        assertThat(send("GET", link.substring(1), null, null).body()).isEqualTo("build of hello_1.0-1: ok\n");
    }

    @Test
    void withOneSlotTicketsLandOneAtATimeByPriorityThenInQueueOrder() throws Exception {
        slots = 1;
        start();
        Building landing = submitAndHoldItsBuild("first");
        long a = landing.id();
        long b = submit(true, 0, "second");
        long c = submit(true, 0, "third");
        long d = submit(true, 0, "fourth");
        long urgent = submit(true, 5, "urgent");
        // queued in the order d, b, c, then the urgent one last
        queue(d);
        queue(b);
        queue(c);
        queue(urgent);
        assertThat(server.queue().running()).containsExactly(a);
        assertThat(ticket(b).path("status").asText()).isEqualTo("QUEUED");
        landing.gate().open.countDown();
        for (long id : List.of(a, b, c, d, urgent)) {
            awaitStatus(id, "COMPLETED");
        }
        awaitIdle();
        assertThat(steps.built()).containsExactly("first", "urgent", "fourth", "second", "third");
        // one at a time: every landing released its PPA before the next reserved one
        List<String> reservations = steps.events.stream().filter(e -> e.startsWith("allocate") || e.startsWith("release")).toList();
        for (int i = 0; i < reservations.size(); i += 2) {
            assertThat(reservations.get(i)).startsWith("allocate");
            assertThat(reservations.get(i + 1)).isEqualTo(reservations.get(i).replace("allocate", "release"));
        }
    }

    @Test
    void aCancelledQueuedTicketNeverLands() throws Exception {
        slots = 1;
        start();
        Building landing = submitAndHoldItsBuild("first");
        long a = landing.id();
        long b = submit(false, 0, "second");
        JsonNode cancelled = client.patch("api/v1/updateticketstatus/" + b + "/", Map.of("status", "CANCELLED"));
        assertThat(cancelled.path("current_workflow_step").asInt()).isEqualTo(999);
        landing.gate().open.countDown();
        awaitStatus(a, "COMPLETED");
        long c = submit(false, 0, "third");
        awaitStatus(c, "COMPLETED");
        assertThat(steps.built()).containsExactly("first", "third");
        assertThat(ticket(b).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(ticket(b).path("subtickets").get(0).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingTheRunningTicketStopsItAndReleasesItsPpa() throws Exception {
        start();
        Building landing = submitAndHoldItsBuild("hello");
        long id = landing.id();
        client.patch("api/v1/updateticketstatus/" + id + "/", Map.of("status", "CANCELLED"));
        await().atMost(timeout()).until(() -> steps.released().contains("ppa-" + id));
        awaitIdle();
        JsonNode t = awaitStatus(id, "CANCELLED");
        assertThat(t.path("current_workflow_step").asInt()).isEqualTo(999);
        assertThat(t.path("failed_step").asInt()).isEqualTo(200);
        assertThat(t.path("subtickets").get(0).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(steps.events).doesNotContain("publish ppa-" + id);
    }

    @Test
    void aSilentLandingIsFailedAsUnresponsiveAndItsPpaReclaimed() throws Exception {
        // the Lander's heartbeat is far slower than the update period: the landing goes silent
        heartbeat = Duration.ofHours(1);
        start(config().liveness(Duration.ofMillis(100)));
        Building landing = submitAndHoldItsBuild("hello");
        long silent = landing.id();
        long next = submit(false, 0, "world");
        JsonNode failed = awaitStatus(silent, "FAILED");
        assertThat(failed.path("reason").asText()).startsWith("unresponsive: no progress for 10 update periods (1000 ms)");
        assertThat(failed.path("failed_step").asInt()).isEqualTo(200);
        await().atMost(timeout()).until(() -> steps.released().contains("ppa-" + silent));
        awaitStatus(next, "COMPLETED");
        // whatever the abandoned landing did after its interrupt was not written
        assertThat(ticket(silent).path("status").asText()).isEqualTo("FAILED");
        assertThat(ticket(silent).path("reason").asText()).startsWith("unresponsive");
    }

    @Test
    void aLandingThatSendsHeartbeatsIsLeftRunning() throws Exception {
        heartbeat = Duration.ofMillis(10);
        start(config().liveness(Duration.ofMillis(50)));
        Building landing = submitAndHoldItsBuild("hello");
        long id = landing.id();
        // 3 times the 500 ms limit without progress, but with heartbeats
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> ticket(id).path("status").asText().equals("RUNNING"));
        assertThat(ticket(id).path("last_heartbeat").isNull()).isFalse();
        landing.gate().open.countDown();
        awaitStatus(id, "COMPLETED");
    }

    @Test
    void aRestartResumesTheRunningTicketFromItsJournalAndKeepsTheQueue() throws Exception {
        slots = 1;
        start();
        Building landing = submitAndHoldItsBuild("hello");
        long running = landing.id();
        long queued = submit(false, 0, "world");
        long held = submit(true, 0, "later");
        FakeLandingSteps after = new FakeLandingSteps();
        restart(after);
        awaitStatus(running, "COMPLETED");
        awaitStatus(queued, "COMPLETED");
        // the PPA reserved before the restart was kept; the build was resumed, not started afresh
        assertThat(after.events).doesNotContain("allocate ppa-" + running);
        assertThat(after.events).contains("build hello resuming=true", "release ppa-" + running);
        assertThat(after.built()).containsExactly("hello", "world");
        assertThat(ticket(held).path("status").asText()).isEqualTo("WAITING");
        HttpResponse<String> page = send("GET", "", null, null);
        assertThat(page.body()).contains("/tickets/" + held);
    }

    @Test
    void aTicketWithoutUploadsIsRefusedWhenQueuedAndNothingIsReserved() throws Exception {
        start();
        long id = client.post("api/v1/ticket/", Map.of("title", "empty", "owner", "o@example.com")).path("id").asLong();
        HttpResponse<String> queued = send("PATCH", "api/v1/updateticketstatus/" + id + "/",
                "{\"current_workflow_step\": \"100\", \"status\": \"000\"}", TOKEN);
        assertThat(queued.statusCode()).isEqualTo(400);
        assertThat(queued.body()).contains("has no subtickets");
        assertThat(ticket(id).path("status").asText()).isEqualTo("WAITING");
        assertThat(steps.events).noneMatch(e -> e.startsWith("allocate"));
    }

    @Test
    void ticketsThatShareNoSourceLandSideBySideAndOneThatSharesWaits() throws Exception {
        start();
        Building first = submitAndHoldItsBuild("mir");
        Building other = submitAndHoldItsBuild("unity8");
        long same = submit(false, 0, "mir");
        await().atMost(timeout()).until(() -> server.queue().running().size() == 2);
        assertThat(server.queue().running()).containsExactlyInAnyOrder(first.id(), other.id());
        assertThat(ticket(same).path("started_at").isNull()).isTrue();
        first.gate().open.countDown();
        other.gate().open.countDown();
        for (long id : List.of(first.id(), other.id(), same)) {
            awaitStatus(id, "COMPLETED");
        }
        assertThat(steps.built()).containsSubsequence("mir", "mir");
    }

    @Test
    void withAKeyringAnUnsignedUploadIsRefusedWhenQueued() throws Exception {
        Path home = java.nio.file.Files.createDirectories(sources.resolve("gnupg"));
        java.nio.file.Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (io.jenkins.plugins.lander.source.Gpg gpg = new io.jenkins.plugins.lander.source.Gpg(home)) {
            Path keyring = gpg.keyring(sources.resolve("uploaders.gpg"), gpg.generate("Jane <jane@example.com>"));
            signatures = SignatureVerifier.withKeyring(keyring,
                    new io.jenkins.plugins.lander.exec.ProcessRunner(new io.jenkins.plugins.lander.exec.ToolClock()));
            start();
            long id = submit(true, 0, "hello");
            HttpResponse<String> queued = send("PATCH", "api/v1/updateticketstatus/" + id + "/",
                    "{\"current_workflow_step\": \"100\", \"status\": \"000\"}", TOKEN);
            assertThat(queued.statusCode()).isEqualTo(400);
            assertThat(queued.body()).contains("hello_1.0-1_source.changes: not signed");
            assertThat(ticket(id).path("status").asText()).isEqualTo("WAITING");
            assertThat(steps.events).noneMatch(e -> e.startsWith("allocate"));
        }
    }
}
