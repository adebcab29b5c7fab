package io.jenkins.plugins.lander.datastore.swift;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Swift answers at most 10,000 names per listing: the store pages past that with markers, and
 * deletes that many with the bulk-delete middleware. The objects are made with plain concurrent
 * PUTs (one request each); Swift on loopback takes one to three minutes for them on two cores.
 */
@Tag("openstack")
@Tag("slow")
class SwiftListingTest {
    private static final int PUBLIC_FILES = 10_050;

    @Test
    void listsMoreThanTenThousandFilesAndDeletesThemAll() throws Exception {
        OpenStackSession session = OpenStackSession.login(OpenStackFixture.settings(), Retry.DEFAULT);
        SwiftDataStore store = new SwiftDataStore(session);
        String container = "ticket." + UUID.randomUUID();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < PUBLIC_FILES; i++) {
            expected.add(String.format("logs/%05d.log", i));
        }
        try {
            // the store makes the containers, with their ACLs
            store.put(container, expected.get(0), new byte[] {0}, Visibility.PUBLIC);
            store.put(container, "private/summary", new byte[] {1}, Visibility.PRIVATE);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<HttpResponse<Void>>> puts = new ArrayList<>();
                for (String name : expected.subList(1, expected.size())) {
                    URI url = URI.create(store.storageUrl() + "/" + container + "/" + name);
                    puts.add(pool.submit(() -> session.send("PUT " + name,
                            HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(name)),
                            HttpResponse.BodyHandlers.discarding())));
                }
                for (Future<HttpResponse<Void>> f : puts) {
                    assertThat(f.get().statusCode()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
            expected.add("private/summary");

            assertThat(store.list(container)).hasSize(PUBLIC_FILES + 1).containsExactlyElementsOf(expected);
        } finally {
            store.deleteContainer(container);
        }
        assertThat(store.list(container)).isEmpty();
    }
}
