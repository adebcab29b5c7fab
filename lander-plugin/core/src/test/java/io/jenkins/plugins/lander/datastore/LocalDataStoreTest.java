package io.jenkins.plugins.lander.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataStoreTest {
    @TempDir
    Path dir;

    @Test
    void putGetListDelete() throws Exception {
        LocalDataStore store = new LocalDataStore(dir);
        Path file = Files.writeString(dir.resolve("in.log"), "build log");
        store.put("ticket.1", "hello_1.0/build.log", file, Visibility.PUBLIC);
        store.put("ticket.1", "summary", "PASS".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);

        assertThat(store.list("ticket.1")).containsExactly("hello_1.0/build.log", "summary");
        try (var in = store.get("ticket.1", "hello_1.0/build.log")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("build log");
        }
        assertThat(store.visibility("ticket.1", "summary")).isEqualTo(Visibility.PRIVATE);
        store.changeVisibility("ticket.1", "summary", Visibility.PUBLIC);
        assertThat(store.visibility("ticket.1", "summary")).isEqualTo(Visibility.PUBLIC);
        assertThat(store.reference("ticket.1", "summary").toString()).startsWith("file:").endsWith("/ticket.1/summary");

        store.delete("ticket.1", "summary");
        assertThat(store.list("ticket.1")).containsExactly("hello_1.0/build.log");
        assertThatThrownBy(() -> store.get("ticket.1", "summary")).isInstanceOf(NoSuchFileException.class);
        store.deleteContainer("ticket.1");
        assertThat(store.list("ticket.1")).isEmpty();
    }

    @Test
    void refusesNamesOutsideTheContainer() {
        LocalDataStore store = new LocalDataStore(dir);
        assertThatThrownBy(() -> store.put("ticket.1", "../escape", new byte[0], Visibility.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("../x", "a", new byte[0], Visibility.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void aReferenceLocatesItsFileAndForeignOnesNothing() throws Exception {
        LocalDataStore store = new LocalDataStore(dir.resolve("store"));
        java.net.URI ref = store.put("ticket.1", "hello_1.0/build.log", "log".getBytes(StandardCharsets.UTF_8), Visibility.PUBLIC);

        assertThat(store.locate(ref)).contains(new DataStore.Location("ticket.1", "hello_1.0/build.log"));
        assertThat(store.locate(java.net.URI.create("file:///etc/passwd"))).isEmpty();
        assertThat(store.locate(dir.resolve("store/ticket.1/../../x/y").toUri())).isEmpty();
        assertThat(store.locate(java.net.URI.create("https://example.org/ticket.1/hello_1.0/build.log"))).isEmpty();
        assertThat(store.locate(dir.resolve("store/ticket.1/.private/x").toUri())).isEmpty();
    }

    @Test
    void aSymbolicLinkInTheStoreIsNeverRead() throws Exception {
        LocalDataStore store = new LocalDataStore(dir.resolve("store"));
        store.put("ticket.1", "real", new byte[] {1}, Visibility.PUBLIC);
        Path secret = Files.writeString(dir.resolve("secret"), "root:x:0:0");
        Files.createSymbolicLink(dir.resolve("store/ticket.1/passwd"), secret);
        Files.createSymbolicLink(dir.resolve("store/ticket.2"), dir.resolve("store/ticket.1"));

        assertThatThrownBy(() -> store.get("ticket.1", "passwd")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.visibility("ticket.1", "passwd")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.get("ticket.2", "real")).isInstanceOf(NoSuchFileException.class);
    }
}
