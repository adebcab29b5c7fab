package io.jenkins.plugins.lander.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.datastore.swift.SwiftDataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStoresTest {
    @TempDir
    Path dir;

    @Test
    void localByDefaultAndOnRequest() throws Exception {
        assertThat(DataStores.open(Map.of(), dir)).isInstanceOf(LocalDataStore.class);
        assertThat(DataStores.open(Map.of(DataStores.KIND, "Local"), dir)).isInstanceOf(LocalDataStore.class);
        assertThatThrownBy(() -> DataStores.open(Map.of(), null)).hasMessageContaining("root directory");
    }

    @Test
    void clearErrorsForAnUnknownKindOrMissingCredentials() {
        assertThatThrownBy(() -> DataStores.open(Map.of(DataStores.KIND, "s3"), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'local' or 'swift', not 's3'");
        assertThatThrownBy(() -> DataStores.open(Map.of(DataStores.KIND, "swift"), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OS_AUTH_URL");
    }

    @Tag("openstack")
    @Test
    void swiftFromTheOpenrcOfTheLoopbackOpenStack() throws Exception {
        Path openrc = OpenStackFixture.openrc();
        DataStore store = DataStores.open(Map.of(DataStores.KIND, "swift", OpenStackSettings.OPENRC, openrc.toString()), null);
        assertThat(store).isInstanceOf(SwiftDataStore.class);
        assertThat(store.list("ticket.does-not-exist")).isEmpty();
    }

    @Tag("openstack")
    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        String text = Files.readString(OpenStackFixture.openrc()).replaceAll("OS_PASSWORD=\\S+", "OS_PASSWORD=wrong-Pa55");
        Path bad = Files.writeString(dir.resolve("openrc"), text);
        assertThatThrownBy(() -> DataStores.open(Map.of(DataStores.KIND, "swift", OpenStackSettings.OPENRC, bad.toString()), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused user lander")
                .hasMessageNotContaining("wrong-Pa55");
    }

    @Test
    void checkReadsTheSettingsWithoutReachingAnything() throws Exception {
        DataStores.check(Map.of());
        DataStores.check(Map.of(DataStores.KIND, "swift", OpenStackSettings.AUTH_URL, "http://127.0.0.1:1", OpenStackSettings.USERNAME,
                "u", OpenStackSettings.PASSWORD, "p", OpenStackSettings.PROJECT_NAME, "x"));
        assertThatThrownBy(() -> DataStores.check(Map.of(DataStores.KIND, "swift", OpenStackSettings.AUTH_URL, "http://k")))
                .hasMessageContaining("OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME");
    }

    @Test
    void aLocalFileHasNoPublicUrl() throws Exception {
        DataStore store = new LocalDataStore(dir);
        String reference = store.put("ticket.1", "build.log", new byte[] {1}, DataStore.Visibility.PUBLIC).toString();

        assertThat(DataStores.publicUrl(store, "ticket.1", "build.log", reference)).isEmpty();
        assertThat(DataStores.publicUrl(store, "ticket.1", "build.log", "not a uri")).isEmpty();
    }

    /** What a page may link to directly: the public file's own URL, which an anonymous GET reads. */
    @Tag("openstack")
    @Test
    void aPublicSwiftFileHasItsUrlAPrivateOneAndOtherUrlsNone() throws Exception {
        DataStore store = DataStores.open(Map.of(DataStores.KIND, "swift", OpenStackSettings.OPENRC,
                OpenStackFixture.openrc().toString()), null);
        String container = "ticket.publicurl-" + System.nanoTime();
        try {
            String pub = store.put(container, "a/build.log", "hello".getBytes(), DataStore.Visibility.PUBLIC).toString();
            String priv = store.put(container, "secret.log", "hush".getBytes(), DataStore.Visibility.PRIVATE).toString();

            java.net.URI url = DataStores.publicUrl(store, container, "a/build.log", pub).orElseThrow();
            java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(url).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).isEqualTo("hello");
            assertThat(DataStores.publicUrl(store, container, "secret.log", priv)).as(priv).isEmpty();
            assertThat(DataStores.publicUrl(store, container, "other.log", pub)).as("another file's URL").isEmpty();
            assertThat(DataStores.publicUrl(store, container, "a/build.log", "https://elsewhere.example/" + container + "/a/build.log"))
                    .isEmpty();
        } finally {
            store.deleteContainer(container);
        }
    }
}
