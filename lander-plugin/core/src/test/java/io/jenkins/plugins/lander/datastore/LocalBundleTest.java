package io.jenkins.plugins.lander.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalBundleTest extends BundleContract {
    LocalDataStore store;

    @BeforeEach
    void open() {
        store = new LocalDataStore(dir.resolve("store"));
    }

    @Override
    protected DataStore store() {
        return store;
    }

    @Override
    protected String container() {
        return "ticket.1";
    }

    @Override
    protected boolean listingIsAtomic() {
        return true;
    }

    @Test
    void aPrivateBundleIsNeverReadableAsPublicAndLeavesNoTemporaryFiles() throws Exception {
        store.putBundle("ticket.1", "results", files("one", 2), DataStore.Visibility.PRIVATE);

        assertThat(store.visibility("ticket.1", "results/f00.log")).isEqualTo(DataStore.Visibility.PRIVATE);
        assertThat(store.visibility("ticket.1", "results/" + DataStore.BUNDLE_MANIFEST)).isEqualTo(DataStore.Visibility.PRIVATE);
        try (var names = Files.list(store.root().resolve("ticket.1"))) {
            assertThat(names.map(Path::getFileName).map(Path::toString)).containsExactlyInAnyOrder("results", ".private");
        }
    }
}
