package io.jenkins.plugins.lander.datastore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Swift data store against the real Keystone and Swift of scripts/setup-openstack. */
@Tag("openstack")
class SwiftDataStoreTest {
    private static final HttpClient ANONYMOUS = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static SwiftDataStore store;
    String container = "ticket." + UUID.randomUUID();

    @BeforeAll
    static void open() throws Exception {
        store = OpenStackFixture.swift();
    }

    @AfterEach
    void cleanUp() throws Exception {
        store.deleteContainer(container);
    }

    @Test
    void putGetListDeleteAndVisibility() throws Exception {
        Path log = Files.writeString(dir.resolve("build.log"), "build log\n");
        URI logUrl = store.put(container, "hello_1.0/build.log", log, Visibility.PUBLIC);
        URI summaryUrl = store.put(container, "summary", "PASS".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);

        assertThat(logUrl).isEqualTo(store.reference(container, "hello_1.0/build.log"));
        assertThat(logUrl.toString()).startsWith(store.storageUrl() + "/" + container + "/");
        assertThat(summaryUrl.toString()).startsWith(store.storageUrl() + "/" + container + ".private/");
        assertThat(store.list(container)).containsExactly("hello_1.0/build.log", "summary");
        assertThat(store.locate(logUrl)).contains(new DataStore.Location(container, "hello_1.0/build.log"));
        assertThat(store.locate(summaryUrl)).contains(new DataStore.Location(container, "summary"));
        assertThat(store.locate(URI.create(store.storageUrl() + "/" + container))).isEmpty();
        assertThat(store.locate(URI.create("https://elsewhere.test/v1/AUTH_x/" + container + "/summary"))).isEmpty();
        assertThat(store.locate(URI.create("file:///etc/passwd"))).isEmpty();
        assertThat(read(container, "hello_1.0/build.log")).isEqualTo("build log\n");
        assertThat(read(container, "summary")).isEqualTo("PASS");
        assertThat(store.visibility(container, "hello_1.0/build.log")).isEqualTo(Visibility.PUBLIC);
        assertThat(store.visibility(container, "summary")).isEqualTo(Visibility.PRIVATE);

        store.delete(container, "summary");
        assertThat(store.list(container)).containsExactly("hello_1.0/build.log");
        assertThatThrownBy(() -> store.get(container, "summary")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.visibility(container, "summary")).isInstanceOf(NoSuchFileException.class);

        store.deleteContainer(container);
        assertThat(store.list(container)).isEmpty();
        assertThat(anonymousGet(logUrl).statusCode()).as("no container, no read ACL").isEqualTo(401);
    }

    @Test
    void anyoneReadsPublicFilesOverPlainHttpButNotPrivateOnes() throws Exception {
        URI open = store.put(container, "open.log", "for everyone".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);
        URI secret = store.put(container, "secret.log", "for the project".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);

        HttpResponse<String> publicFile = anonymousGet(open);
        assertThat(publicFile.statusCode()).isEqualTo(200);
        assertThat(publicFile.body()).isEqualTo("for everyone");
        assertThat(publicFile.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(anonymousGet(URI.create(store.storageUrl() + "/" + container)).body()).isEqualTo("open.log\n");

        assertThat(anonymousGet(secret).statusCode()).isIn(401, 403);
        assertThat(anonymousGet(store.reference(container, "secret.log")).statusCode()).isEqualTo(404);
        assertThat(anonymousGet(URI.create(store.storageUrl() + "/" + container + ".private")).statusCode()).isIn(401, 403);
    }

    @Test
    void changingVisibilityMovesTheFileBetweenTheContainers() throws Exception {
        URI publicUrl = store.put(container, "a/results.xml", "<testsuite/>".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);

        store.changeVisibility(container, "a/results.xml", Visibility.PRIVATE);
        assertThat(store.visibility(container, "a/results.xml")).isEqualTo(Visibility.PRIVATE);
        assertThat(anonymousGet(publicUrl).statusCode()).isEqualTo(404);
        assertThat(read(container, "a/results.xml")).isEqualTo("<testsuite/>");

        store.changeVisibility(container, "a/results.xml", Visibility.PUBLIC);
        store.changeVisibility(container, "a/results.xml", Visibility.PUBLIC);
        assertThat(anonymousGet(publicUrl).body()).isEqualTo("<testsuite/>");
        assertThat(store.list(container)).containsExactly("a/results.xml");
        assertThatThrownBy(() -> store.changeVisibility(container, "missing", Visibility.PRIVATE))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rewritingAFileWithTheOtherVisibilityLeavesOneCopy() throws Exception {
        store.put(container, "log", "one".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);
        store.put(container, "log", "two".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);

        assertThat(store.list(container)).containsExactly("log");
        assertThat(store.visibility(container, "log")).isEqualTo(Visibility.PRIVATE);
        assertThat(read(container, "log")).isEqualTo("two");
        assertThat(anonymousGet(store.reference(container, "log")).statusCode()).isEqualTo(404);
    }

    @Test
    void namesOfDebianFilesSurviveTheRoundTrip() throws Exception {
        String name = "autopilot_1.5~dev.1+git:20140101/hello world ünïcode %2F?#.changes";
        URI url = store.put(container, name, "x".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);

        assertThat(store.list(container)).containsExactly(name);
        assertThat(read(container, name)).isEqualTo("x");
        assertThat(anonymousGet(url).body()).isEqualTo("x");
    }

    @Test
    void refusesNamesOutsideTheContainerAndChangesNothing() throws Exception {
        byte[] x = {1};
        for (String bad : new String[] {"../escape", "a/../../b", "/abs", "a//b", "", "line\nbreak"}) {
            assertThatThrownBy(() -> store.put(container, bad, x, Visibility.PUBLIC))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {"../x", "a/b", "x.private", ".hidden", "a b"}) {
            assertThatThrownBy(() -> store.put(bad, "f", x, Visibility.PUBLIC))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.list(container)).isEmpty();
    }

    @Test
    void aContainerDeletedBehindTheStoresBackIsMadeAgain() throws Exception {
        store.put(container, "first", new byte[] {1}, Visibility.PUBLIC);
        SwiftDataStore other = SwiftDataStore.open(OpenStackFixture.settings(), Retry.DEFAULT);
        other.deleteContainer(container);

        store.put(container, "second", new byte[] {2}, Visibility.PUBLIC);
        assertThat(store.list(container)).containsExactly("second");
        assertThat(anonymousGet(store.reference(container, "second")).statusCode()).isEqualTo(200);
    }

    private String read(String c, String name) throws Exception {
        try (var in = store.get(c, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static HttpResponse<String> anonymousGet(URI url) throws Exception {
        return ANONYMOUS.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
