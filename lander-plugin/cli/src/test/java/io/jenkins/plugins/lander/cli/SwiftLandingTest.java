package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.datastore.swift.SwiftDataStore;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LANDER_DATA_STORE=swift} on the project's loopback Keystone and Swift: a real landing
 * puts its logs and results into the ticket's container, readable with a plain GET, and
 * {@code lander serve} on the same data directory lists the CLI's ticket and serves its files
 * out of Swift.
 */
@Tag("debian")
@Tag("openstack")
class SwiftLandingTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(URI url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return r.body();
    }

    @Test
    void aLandingArchivesIntoSwiftAndTheServerServesItFromThere() throws Exception {
        Map<String, String> env = Map.of(
                "LANDER_DATA_STORE", "swift",
                "LANDER_OPENRC", OpenStackFixture.openrc().toString());
        SwiftDataStore swift = OpenStackFixture.swift();
        Path data = dir.resolve("data");
        Path dsc = ExamplePackages.dsc("pass", "1.0+sw1", Files.createDirectories(dir.resolve("src")));

        LanderProcess.Result r = LanderProcess.run(dir.resolve("runs/land"), env, "land", "--data", data.toString(), "--json",
                dsc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        String id = t.path("id").asText();
        String container = Ticket.containerOf(id);
        try {
            assertThat(swift.list(container)).anyMatch(n -> n.endsWith("build.log")).anyMatch(n -> n.endsWith("junit.xml"))
                    .anyMatch(n -> n.endsWith("results.subunit")).contains("sources/hello-lander_1.0+sw1.dsc");
            URI log = LandingTest.artifacts(t).stream().map(a -> URI.create(a.path("reference").asText()))
                    .filter(u -> u.getPath().endsWith("build.log")).findFirst().orElseThrow();
            assertThat(log.toString()).startsWith(swift.storageUrl() + "/" + container + "/");
            // public: readable without a token, as the seed's DataStore has public files
            assertThat(get(log)).contains("hello-lander");

            LanderProcess.Server server = LanderProcess.serve(dir.resolve("runs/serve"), env, "--data", data.toString());
            try {
                JsonNode listed = Json.MAPPER.readTree(get(server.url().resolve("/api/v1/ticket/")));
                assertThat(listed.path("objects").findValuesAsText("id")).contains(id);
                String page = get(server.url().resolve("/tickets/" + id));
                java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/store/[^\"]*build\\.log)\"").matcher(page);
                assertThat(link.find()).as(page).isTrue();
                assertThat(get(server.url().resolve(link.group(1)))).isEqualTo(get(log));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nlander serve said:\n" + Files.readString(dir.resolve("runs/serve/stderr")), e);
            } finally {
                server.process().destroyForcibly();
            }
        } finally {
            swift.deleteContainer(container);
        }
    }
}
