package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's "Initial Successful Request" against {@code lander serve} on real sbuild,
 * mmdebstrap, autopkgtest and aptly: a ticket created with {@code lander ticket create} from a
 * real {@code _source.changes} is queued, survives a {@code kill -9} of the server in the middle
 * of its landing, is landed, and its status, logs and results show over the API, the CLI and the
 * status page.
 */
@Tag("debian")
class TicketSystemEndToEndTest {
    private static final String TOKEN = "end-to-end-token";
    @TempDir
    Path dir;
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroyForcibly);
    }

    private URI serve(String name) throws Exception {
        LanderProcess.Server server = LanderProcess.serve(dir.resolve("runs").resolve(name), Map.of("LANDER_API_TOKEN", TOKEN),
                "--data", dir.resolve("data").toString());
        servers.add(server.process());
        return server.url();
    }

    private LanderProcess.Result lander(String name, String... args) throws Exception {
        return LanderProcess.run(dir.resolve("runs").resolve(name), Map.of("LANDER_API_TOKEN", TOKEN), args);
    }

    @Test
    void aTicketFromTheCliIsLandedAndSurvivesAKilledServer() throws Exception {
        Path changes = ExamplePackages.sourceChanges("pass", "1.0+ts1", Files.createDirectories(dir.resolve("good")));
        URI url = serve("first");
        TicketClient api = new TicketClient(url, null);

        // a bad .changes creates nothing
        Path bad = Files.createDirectories(dir.resolve("bad"));
        for (Path f : Files.list(changes.getParent()).filter(Files::isRegularFile).toList()) {
            Files.copy(f, bad.resolve(f.getFileName()));
        }
        Path tarball = Files.list(bad).filter(f -> f.toString().endsWith(".tar.xz")).findFirst().orElseThrow();
        Files.write(tarball, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        LanderProcess.Result refused = lander("refused", "ticket", "create", "--url", url.toString(), "-t", "bad", "-d", "bad",
                "-o", "dev@example.com", "-s", bad.resolve(changes.getFileName()).toString());
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(refused.stderr()).contains("mismatch");
        assertThat(api.get("api/v1/ticket/").path("meta").path("total_count").asInt()).isZero();

        LanderProcess.Result created = lander("create", "ticket", "create", "--url", url.toString(), "-t", "Ticket name",
                "-d", "Ticket description", "-b", "123", "-o", "user@example.com", "-s", changes.toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        URI ticketUri = URI.create(created.stdout().strip());
        assertThat(ticketUri.getPath()).matches("/api/v1/ticket/[0-9]+/");
        long id = Long.parseLong(ticketUri.getPath().replaceFirst("^/api/v1/ticket/([0-9]+)/$", "$1"));

        // kill -9 the server while the package builds, then start it again
        await().atMost(Duration.ofMinutes(10)).until(() -> api.get("api/v1/ticket/" + id + "/").path("current_workflow_step").asInt() >= 200);
        // the read-only commands answer on the data directory while the server lands there, and
        // see the server's ticket (one ticket repository for every face)
        String data = dir.resolve("data").toString();
        long before = System.nanoTime();
        LanderProcess.Result pool = lander("pool", "pool", "--data", data);
        System.err.printf("lander pool while lander serve lands: %.2f s (JVM start included)%n", (System.nanoTime() - before) / 1e9);
        assertThat(pool.exitCode()).as(pool.stderr()).isZero();
        assertThat(pool.stdout()).contains("ticket " + id);
        LanderProcess.Result shown = lander("show-while-serving", "ticket", "show", Long.toString(id), "--data", data, "--json");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(io.jenkins.plugins.lander.Json.MAPPER.readTree(shown.stdout()).path("title").asText()).isEqualTo("Ticket name");
        Process first = servers.get(0);
        first.destroyForcibly().waitFor();
        url = serve("second");
        TicketClient again = new TicketClient(url, null);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> again.get("api/v1/ticket/" + id + "/").path("current_workflow_step").asInt() >= 999);

        JsonNode ticket = again.get("api/v1/fullticket/" + id + "/");
        assertThat(ticket.path("status").asText()).as(ticket.toString()).isEqualTo("COMPLETED");
        assertThat(ticket.path("bug_id").asText()).isEqualTo("123");
        List<String> names = new ArrayList<>();
        ticket.path("artifacts").forEach(a -> names.add(a.path("type").asText() + " " + a.path("name").asText()));
        ticket.path("subtickets").get(0).path("artifacts").forEach(a -> names.add(a.path("type").asText() + " " + a.path("name").asText()));
        assertThat(names).contains("SPU hello-lander_1.0+ts1_source.changes", "LOGS console/allocate-ppa.log", "LOGS console/publish.log");
        assertThat(names).anyMatch(n -> n.startsWith("LOGS") && n.contains("build"));
        assertThat(names).anyMatch(n -> n.startsWith("RESULTS"));

        LanderProcess.Result status = lander("status", "ticket", "status", "--url", url.toString(), Long.toString(id));
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("1000 Complete (COMPLETED)");
        var http = java.net.http.HttpClient.newHttpClient();
        String page = http.send(java.net.http.HttpRequest.newBuilder(url.resolve("/tickets/" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("1000 Complete").contains("hello-lander").contains("/store/ticket." + id + "/");

        // a clean stop (SIGTERM) frees the data directory; the package is in the archive
        Process second = servers.get(1);
        second.destroy();
        assertThat(second.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        LanderProcess.Result archive = lander("archive", "archive", "list", "--data", dir.resolve("data").toString());
        assertThat(archive.stdout()).contains("hello-lander 1.0+ts1");
    }
}
