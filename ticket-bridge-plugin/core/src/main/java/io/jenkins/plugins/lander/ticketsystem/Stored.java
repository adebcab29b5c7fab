package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.datastore.DataStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** The references of tickets that name files of the server's data store, whichever store it is. */
final class Stored {
    private Stored() {}

    /** The file a reference names, when it is a reference of {@code store}; text that is no URI is none. */
    static Optional<DataStore.Location> locate(DataStore store, String reference) {
        try {
            return store.locate(new URI(reference));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether the file is there (a symbolic link in a local store is not). */
    static boolean exists(DataStore store, DataStore.Location at) {
        try {
            store.visibility(at.container(), at.name());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
