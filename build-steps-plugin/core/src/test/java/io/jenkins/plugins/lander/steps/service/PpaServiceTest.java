package io.jenkins.plugins.lander.steps.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.ppa.AptlyPpaBackend;
import io.jenkins.plugins.lander.steps.repo.Aptly;
import io.jenkins.plugins.lander.steps.repo.RepositoryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PPA service on real aptly, served over HTTP, and a builder's {@link RemotePpaBackend}
 * talking to it: what a builder adds arrives in the PPA; bad calls are refused and change nothing.
 */
@Tag("debian")
class PpaServiceTest {
    private static final String TOKEN = "a-token-of-the-test-0123456789";

    @TempDir
    Path dir;

    private RepositoryServer server;
    private AptlyPpaBackend ppas;
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private final List<String> published = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        Aptly aptly = new Aptly(dir.resolve("host/repos"), new ProcessRunner(new ToolClock()), "amd64");
        server = new RepositoryServer(aptly.publicDir());
        ppas = new AptlyPpaBackend(aptly, server.baseUri(), "amd64");
        ppas.create("ci-pool-001", "bookworm", line -> {});
        ppas.create("ci-pool-002", "bookworm", line -> {});
        reserved.add("ci-pool-001");
        new PpaService(dir.resolve("host/repos/incoming"), TOKEN, ppas, new PpaService.Host() {
            @Override
            public boolean reserved(String ppa) {
                return reserved.contains(ppa);
            }

            @Override
            public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console,
                    boolean resuming) {
                uploads.forEach(u -> published.add(ppa.name() + " " + series + " " + u.source() + " " + u.version()));
                console.out().println("published on the PPA host");
                return new PublishResult(List.of("demo_1.0_source"), List.of());
            }
        }).serveOn(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RemotePpaBackend builder(String token) {
        return new RemotePpaBackend(server.baseUri(), token, "bookworm", "amd64", dir.resolve("builder/downloads"));
    }

    /** A real binary package, built with dpkg-deb. */
    private Path deb() throws Exception {
        Path root = Files.createDirectories(dir.resolve("builder/pkg/DEBIAN"));
        Files.writeString(root.resolve("control"), String.join("\n", "Package: demo", "Version: 1.0", "Architecture: all",
                "Maintainer: Demo <demo@example.org>", "Description: demo package", ""));
        Files.createDirectories(dir.resolve("builder/pkg/usr/share/doc/demo"));
        Files.writeString(dir.resolve("builder/pkg/usr/share/doc/demo/README"), "demo\n");
        Path deb = dir.resolve("builder/demo_1.0_all.deb");
        Process p = new ProcessBuilder("dpkg-deb", "--root-owner-group", "--build", dir.resolve("builder/pkg").toString(),
                deb.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return deb;
    }

    @Test
    void aBuilderAddsItsPackageOverHttpAndSeesItAsAptDoes() throws Exception {
        Path deb = deb();
        RemotePpaBackend remote = builder(TOKEN);
        List<String> log = new ArrayList<>();

        remote.include("ci-pool-001", List.of(deb), log::add);

        assertThat(log).anyMatch(l -> l.startsWith("[1/1] uploading demo_1.0_all.deb to ci-pool-001"));
        assertThat(ppas.packagesOf("ci-pool-001", "demo", "1.0", l -> {})).containsExactly("demo_1.0_all");
        assertThat(remote.packagesOf("ci-pool-001", "demo", "1.0", l -> {})).containsExactly("demo_1.0_all");
        assertThat(remote.contentDigest("ci-pool-001", "bookworm")).isEqualTo(ppas.contentDigest("ci-pool-001", "bookworm"));
        List<Path> fetched = remote.debsOf("ci-pool-001", "demo", "1.0", l -> {});
        assertThat(fetched).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(Files.readAllBytes(deb)));
        assertThat(dir.resolve("host/repos/incoming")).isEmptyDirectory();
    }

    @Test
    void publishingRunsOnThePpaHost() throws Exception {
        SourceUpload upload = new SourceUpload(null, null, "demo", "1.0", List.of(), List.of(), null, List.of(), null, null);
        List<String> out = new ArrayList<>();
        StepConsole console = io.jenkins.plugins.lander.landing.remote.ConsoleLines.printing(
                new java.io.PrintStream(new java.io.ByteArrayOutputStream() {
                    @Override
                    public synchronized void flush() {
                        out.add(toString().strip());
                        reset();
                    }
                }, true), dir);

        PublishResult r = builder(TOKEN).publish(new Ppa("ci-pool-001"), "bookworm", List.of(upload), console, false);

        assertThat(r.packages()).containsExactly("demo_1.0_source");
        assertThat(published).containsExactly("ci-pool-001 bookworm demo 1.0");
        assertThat(out).contains("published on the PPA host");
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        Path deb = deb();
        assertThatThrownBy(() -> builder("not-the-token-at-all-000").include("ci-pool-001", List.of(deb), l -> {}))
                .hasMessageContaining("answered 401");
        assertThat(ppas.packagesOf("ci-pool-001", "demo", "1.0", l -> {})).isEmpty();
    }

    @Test
    void aPpaNoTicketHoldsTakesNothing() throws Exception {
        Path deb = deb();
        assertThatThrownBy(() -> builder(TOKEN).include("ci-pool-002", List.of(deb), l -> {}))
                .hasMessageContaining("answered 409").hasMessageContaining("ci-pool-002 is not held by a ticket");
        assertThat(ppas.packagesOf("ci-pool-002", "demo", "1.0", l -> {})).isEmpty();
    }

    @Test
    void pathsOutsideTheApiAndEmptyBatchesAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/api/ppas/ci-pool-001/files/0123456789abcdef/..%2F..%2Fetc%2Fpasswd",
                "/api/ppas/ci-pool-001/files/0123456789abcdef/.hidden", "/api/ppas/ci-pool-001/files/NOT-HEX/x",
                "/api/ppas/CI_POOL/include/0123456789abcdef")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                    .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isIn(400, 404);
        }
        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/api/ppas/ci-pool-001/include/0123456789abcdef"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("upload batch 0123456789abcdef has no files");
        assertThat(dir.resolve("host/repos/incoming")).doesNotExist();
    }
}
