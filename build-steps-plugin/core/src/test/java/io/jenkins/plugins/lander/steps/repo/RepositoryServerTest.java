package io.jenkins.plugins.lander.steps.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryServerTest {
    @TempDir
    Path dir;

    @Test
    void servesThePublishedTreeAndNothingElse() throws Exception {
        Path root = dir.resolve("public");
        Files.createDirectories(root.resolve("ci-pool-001/dists/bookworm"));
        Files.writeString(root.resolve("ci-pool-001/dists/bookworm/Release"), "Origin: lander\n");
        Files.writeString(dir.resolve("secret"), "not for apt");
        try (RepositoryServer server = new RepositoryServer(root)) {
            URI base = server.baseUri();
            assertThat(base.getHost()).isEqualTo("127.0.0.1");

            HttpResponse<String> release = get(base + "/ci-pool-001/dists/bookworm/Release", "GET");
            assertThat(release.statusCode()).isEqualTo(200);
            assertThat(release.body()).isEqualTo("Origin: lander\n");
            assertThat(get(base + "/ci-pool-001/dists/bookworm/Release", "HEAD").headers()
                    .firstValue("Content-Length")).hasValue("15");
            assertThat(get(base + "/ci-pool-001/dists/bookworm/InRelease", "GET").statusCode()).isEqualTo(404);
            assertThat(get(base + "/ci-pool-001/dists", "GET").statusCode()).isEqualTo(404);
            assertThat(get(base + "/ci-pool-001/dists/bookworm/Release", "DELETE").statusCode()).isEqualTo(405);
            assertThat(rawGet(base, "/../secret")).startsWith("HTTP/1.1 404");
            assertThat(rawGet(base, "/%2e%2e/secret")).startsWith("HTTP/1.1 404");
        }
    }

    private static HttpResponse<String> get(String url, String method) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request line no URI class would normalise first, as a hostile client sends it. */
    private static String rawGet(URI base, String path) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
