package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.client.TicketClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A live server on loopback over one of the {@link Backend}s, and clients for it. */
abstract class TicketServerTest {
    static final String TOKEN = "test-token-0123456789";
    final Backend backend;
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path data;
    @TempDir
    Path sources;
    FakeLandingSteps steps = new FakeLandingSteps();
    /** How many tickets land at once. */
    int slots = 4;
    /** How uploads are checked for signatures (none: accepted, noted unverified). */
    SignatureVerifier signatures = SignatureVerifier.none();
    /** How often a landing sends its heartbeat. */
    Duration heartbeat = Duration.ofSeconds(30);
    TicketServer server;
    TicketClient client;
    private TicketDatabase db;
    private final List<TicketDatabase> others = new java.util.ArrayList<>();

    TicketServerTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void emptyDatabase() {
        backend.reset();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
        others.forEach(TicketDatabase::close);
    }

    TicketServerConfig config() {
        return TicketServerConfig.defaults(data).listen("127.0.0.1", 0).withToken(TOKEN);
    }

    /** The non-functional stats in the server's database. */
    io.jenkins.plugins.lander.stats.StatsRepository stats() {
        return new io.jenkins.plugins.lander.stats.StatsRepository(db);
    }

    /** The tickets as the server's engine reads them from the server's database. */
    JdbcTicketRepository tickets() {
        return new JdbcTicketRepository(db);
    }

    /** The data store the server's engine archives to. */
    LocalDataStore store() {
        return new LocalDataStore(data.resolve("store"));
    }

    TicketServer start() throws Exception {
        return start(config());
    }

    /** A server over an engine of its own data directory, as {@code lander serve} makes it. */
    TicketServer start(TicketServerConfig config) throws Exception {
        if (db == null) {
            db = backend.open(data);
        }
        server = serve(config, db, steps);
        client = new TicketClient(server.uri(), TOKEN);
        return server;
    }

    private TicketServer serve(TicketServerConfig config, TicketDatabase database, FakeLandingSteps backendSteps)
            throws Exception {
        LocalDataStore store = new LocalDataStore(config.dataDir().resolve("store"));
        Engine engine = new Engine(new JdbcTicketRepository(database), store, backendSteps,
                config.dataDir().resolve("tickets"), new EngineSettings(slots, 1, heartbeat), signatures);
        return TicketServer.start(config, engine, database, store);
    }

    /**
     * A second server with a data directory of its own on this backend's database: on
     * PostgreSQL, the same database as the first. The caller closes it.
     */
    TicketServer startAnother(Path otherData) throws Exception {
        TicketDatabase other = backend.open(otherData);
        others.add(other);
        return serve(TicketServerConfig.defaults(otherData).listen("127.0.0.1", 0).withToken(TOKEN), other,
                new FakeLandingSteps());
    }

    /** Stops the server as a crash would (the running landings are left behind) and starts a new one. */
    TicketServer restart(FakeLandingSteps newSteps) throws Exception {
        server.close();
        steps = newSteps;
        return start();
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ticket(long id) throws IOException, InterruptedException {
        return client.get("api/v1/fullticket/" + id + "/");
    }

    /** A ticket with one upload per source, created as the CLI does; queued unless {@code hold}. */
    long submit(boolean hold, int priority, String... sourcesToLand) throws Exception {
        return submit(hold, priority, false, sourcesToLand);
    }

    /** The same, for an {@code automatic} ticket (a sync's) or a person's. */
    long submit(boolean hold, int priority, boolean automatic, String... sourcesToLand) throws Exception {
        List<Path> changes = new java.util.ArrayList<>();
        for (String s : sourcesToLand) {
            changes.add(SourceFixture.changes(sources.resolve(s), s, "1.0-1"));
        }
        String uri = new TicketSubmission(client).submit(new TicketSubmission.Request("land " + String.join(" ", sourcesToLand),
                "a test ticket", "12345", "dev@example.com", null, List.of(), priority, hold, automatic),
                TicketSubmission.validate(changes));
        return Resource.TICKET.idOf("ticket", uri);
    }

    /** A ticket being landed whose build waits at the gate until the test opens it. */
    record Building(long id, FakeLandingSteps.Gate gate) {}

    Building submitAndHoldItsBuild(String source) throws Exception {
        FakeLandingSteps.Gate gate = steps.hold(source);
        long id = submit(false, 0, source);
        org.assertj.core.api.Assertions.assertThat(gate.entered.await(30, java.util.concurrent.TimeUnit.SECONDS))
                .as("the build of " + source + " started").isTrue();
        return new Building(id, gate);
    }

    void queue(long id) throws IOException, InterruptedException {
        client.patch("api/v1/updateticketstatus/" + id + "/", java.util.Map.of("current_workflow_step", "100", "status", "000"));
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }
}
