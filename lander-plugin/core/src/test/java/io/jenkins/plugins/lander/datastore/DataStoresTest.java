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
}
