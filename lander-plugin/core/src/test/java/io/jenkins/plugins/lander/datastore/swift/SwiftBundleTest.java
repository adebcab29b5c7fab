package io.jenkins.plugins.lander.datastore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.FaultyProxy;
import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.BundleContract;
import io.jenkins.plugins.lander.datastore.DataStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("openstack")
class SwiftBundleTest extends BundleContract {
    static SwiftDataStore store;
    final String container = "ticket." + UUID.randomUUID();

    @BeforeAll
    static void open() throws Exception {
        store = OpenStackFixture.swift();
    }

    @AfterEach
    void cleanUp() throws Exception {
        store.deleteContainer(container);
    }

    @Override
    protected DataStore store() {
        return store;
    }

    @Override
    protected String container() {
        return container;
    }

    @Override
    protected boolean listingIsAtomic() {
        return false;
    }

    @Test
    void aWriteThatDiesHalfwayLeavesNoBundleAndTheNextWriteCompletesIt() throws Exception {
        Map<String, Path> files = files("one", 10);
        try (FaultyProxy proxy = new FaultyProxy(store.storageUrl())) {
            SwiftDataStore failing = SwiftDataStore.open(
                    OpenStackFixture.settings().withStorageUrl(proxy.url(store.storageUrl())),
                    new Retry(1, Duration.ZERO, Duration.ZERO));
            // the manifest delete, the containers and a few files get through, then Swift is gone
            proxy.failAfter(8, 503);
            assertThatThrownBy(() -> failing.putBundle(container, "results", files, DataStore.Visibility.PUBLIC))
                    .isInstanceOf(IOException.class);
        }
        assertThat(store.list(container)).isNotEmpty().doesNotContain("results/" + DataStore.BUNDLE_MANIFEST);
        assertThat(store.bundle(container, "results")).isEmpty();

        store.putBundle(container, "results", files, DataStore.Visibility.PUBLIC);
        assertThat(check(store.bundle(container, "results").orElseThrow(), "one", 10)).isEmpty();
    }
}
