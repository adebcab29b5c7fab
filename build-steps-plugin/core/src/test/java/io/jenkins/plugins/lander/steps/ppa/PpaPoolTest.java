package io.jenkins.plugins.lander.steps.ppa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.repo.Aptly;
import io.jenkins.plugins.lander.steps.repo.RepositoryServer;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.steps.support.RecordingConsole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool on real aptly repositories, served over HTTP as the testbeds see them. */
@Tag("debian")
class PpaPoolTest {
    @TempDir
    Path data;

    private RepositoryServer server;
    private AptlyPpaBackend backend;
    private RecordingConsole console;

    @BeforeEach
    void setUp() throws Exception {
        Aptly aptly = new Aptly(data.resolve("repos"), new ProcessRunner(new ToolClock()), "amd64");
        server = new RepositoryServer(aptly.publicDir());
        backend = new AptlyPpaBackend(aptly, server.baseUri(), "amd64");
        console = new RecordingConsole(data.resolve("work"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private PpaPool pool(int size) {
        return new PpaPool(data.resolve("repos/pool.json"), size, backend, Set.of("bookworm"));
    }

    @Test
    void reservesFreePpasInOrderAndIsIdempotentPerTicket() throws Exception {
        PpaPool pool = pool(4);

        Ppa first = pool.allocate("T1", console);
        Ppa second = pool.allocate("T2", console);
        Ppa again = pool.allocate("T1", console);

        assertThat(first.name()).isEqualTo("ci-pool-001");
        assertThat(second.name()).isEqualTo("ci-pool-002");
        assertThat(again).isEqualTo(first);
        assertThat(backend.aptLine(first.name(), "bookworm")).isEqualTo("deb [trusted=yes] " + server.baseUri() + "/ci-pool-001 bookworm main");
        assertThat(pool.entries()).containsExactly(
                new PoolEntry("ci-pool-001", PpaState.RESERVED, "T1"),
                new PoolEntry("ci-pool-002", PpaState.RESERVED, "T2"),
                new PoolEntry("ci-pool-003", PpaState.FREE, null),
                new PoolEntry("ci-pool-004", PpaState.FREE, null));
        // the state is on disk in the seed's vocabulary, not only in memory
        assertThat(Files.readString(data.resolve("repos/pool.json"))).contains("\"state\" : \"reserved\"", "\"ticket_id\" : \"T1\"");
        // published, so an apt client can read it
        assertThat(get(backend.url(first.name()) + "/dists/bookworm/Release").statusCode()).isEqualTo(200);
    }

    @Test
    void releaseCleansThePpaAndFreesIt() throws Exception {
        PpaPool pool = pool(2);
        Ppa ppa = pool.allocate("T1", console);
        SourceUpload upload = ExamplePackages.build("pass", "1.0", data.resolve("src"));
        backend.include(ppa.name(), List.of(upload.dsc()), console.out()::println);
        assertThat(backend.packagesOf(ppa.name(), "hello-lander", "1.0", l -> {})).containsExactly("hello-lander_1.0_source");

        pool.release(ppa.name(), console);

        assertThat(backend.packagesOf(ppa.name(), "hello-lander", "1.0", l -> {})).isEmpty();
        assertThat(get(backend.url(ppa.name()) + "/dists/bookworm/main/source/Sources").body()).doesNotContain("hello-lander");
        assertThat(pool.entries().get(0)).isEqualTo(new PoolEntry("ci-pool-001", PpaState.FREE, null));
        pool.release(ppa.name(), console); // idempotent
        assertThat(pool.entries().get(0).state()).isEqualTo(PpaState.FREE);
    }

    @Test
    void anEmptyPoolWaitsVisiblyUntilATicketReleases() throws Exception {
        PpaPool pool = pool(1);
        Ppa held = pool.allocate("T1", console);
        CountDownLatch waiting = new CountDownLatch(1);
        RecordingConsole secondConsole = new RecordingConsole(data.resolve("work2")).onLine(line -> {
            if (line.startsWith("waiting for a free PPA")) {
                waiting.countDown();
            }
        });

        CompletableFuture<Ppa> second = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.allocate("T2", secondConsole);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second).isNotDone();
        assertThat(secondConsole.lines()).contains("waiting for a free PPA (1/1 reserved by tickets T1)");
        pool.release(held.name(), console);
        assertThat(second.get(30, TimeUnit.SECONDS).name()).isEqualTo("ci-pool-001");
        assertThat(pool.entries()).containsExactly(new PoolEntry("ci-pool-001", PpaState.RESERVED, "T2"));
    }

    @Test
    void reconcileReleasesPpasOfDeadTicketsAndFinishesInterruptedCleans() throws Exception {
        PpaPool before = pool(3);
        Ppa dead = before.allocate("dead-ticket", console);
        before.allocate("live-ticket", console);
        SourceUpload upload = ExamplePackages.build("pass", "1.0", data.resolve("src"));
        backend.include(dead.name(), List.of(upload.dsc()), l -> {});
        backend.create("ci-pool-003", "bookworm", l -> {});
        backend.include("ci-pool-003", List.of(upload.dsc()), l -> {});
        // the process died after writing "cleaning" for ci-pool-003 and before the clean finished
        List<PoolEntry> crashed = List.of(
                new PoolEntry("ci-pool-001", PpaState.RESERVED, "dead-ticket"),
                new PoolEntry("ci-pool-002", PpaState.RESERVED, "live-ticket"),
                new PoolEntry("ci-pool-003", PpaState.CLEANING, "older-ticket"));
        Files.write(data.resolve("repos/pool.json"), Json.MAPPER.writeValueAsBytes(crashed));

        PpaPool after = pool(3);
        after.reconcile(Set.of("live-ticket"), console);

        assertThat(after.entries()).containsExactly(
                new PoolEntry("ci-pool-001", PpaState.FREE, null),
                new PoolEntry("ci-pool-002", PpaState.RESERVED, "live-ticket"),
                new PoolEntry("ci-pool-003", PpaState.FREE, null));
        assertThat(backend.packagesOf("ci-pool-001", "hello-lander", "1.0", l -> {})).isEmpty();
        assertThat(backend.packagesOf("ci-pool-003", "hello-lander", "1.0", l -> {})).isEmpty();
        assertThat(console.text()).contains("reserved by ticket dead-ticket, which no longer runs",
                "ci-pool-003 was left cleaning");
        // the next ticket gets a clean PPA, never the dirty one
        assertThat(after.allocate("next", console).name()).isEqualTo("ci-pool-001");
    }

    @Test
    void aTicketIdIsRequired() {
        assertThatThrownBy(() -> pool(1).allocate(" ", console)).isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
