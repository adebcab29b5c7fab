package io.jenkins.plugins.lander.datastore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.FaultyProxy;
import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Retries against the real Swift behind a proxy on loopback that fails chosen requests. */
@Tag("openstack")
class SwiftRetryTest {
    private static final Retry FAST = new Retry(4, Duration.ofMillis(10), Duration.ofMillis(40));

    SwiftDataStore direct;
    FaultyProxy proxy;
    SwiftDataStore store;
    String container = "ticket." + UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        direct = SwiftDataStore.open(OpenStackFixture.settings(), Retry.DEFAULT);
        proxy = new FaultyProxy(direct.storageUrl());
        store = SwiftDataStore.open(OpenStackFixture.settings().withStorageUrl(proxy.url(direct.storageUrl())), FAST);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        direct.deleteContainer(container);
    }

    @Test
    void putGetAndListSucceedThroughTransient503s() throws Exception {
        proxy.failFirst(3, 503);
        URI url = store.put(container, "build.log", "log".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);
        assertThat(proxy.failed()).isEqualTo(3);
        assertThat(url.getPort()).as("references name the proxy the store was told to use").isEqualTo(proxy.url(url).getPort());

        proxy.failFirst(3, 503);
        try (var in = store.get(container, "build.log")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("log");
        }
        proxy.failFirst(3, 502);
        assertThat(store.list(container)).containsExactly("build.log");
        assertThat(proxy.failed()).isEqualTo(9);
        assertThat(direct.list(container)).containsExactly("build.log");
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        proxy.failFirst(1000, 503);
        int before = proxy.requests();

        assertThatThrownBy(() -> store.put(container, "x", new byte[] {1}, Visibility.PUBLIC))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503")
                .hasMessageContaining("gave up after 4 attempts");
        assertThat(proxy.requests() - before).isEqualTo(FAST.attempts());
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        store.put(container, "x", new byte[] {1}, Visibility.PUBLIC);
        proxy.failFirst(1, 403);
        int before = proxy.requests();

        assertThatThrownBy(() -> store.put(container, "x", new byte[] {2}, Visibility.PUBLIC))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 403");
        assertThat(proxy.requests() - before).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OpenStackSettings settings = OpenStackFixture.settings()
                .withStorageUrl(URI.create("http://127.0.0.1:" + closedPort + direct.storageUrl().getRawPath()));
        SwiftDataStore nowhere = new SwiftDataStore(OpenStackSession.login(settings, FAST));

        assertThatThrownBy(() -> nowhere.get(container, "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gave up after 4 attempts")
                .hasMessageContaining("ConnectException");
    }
}
