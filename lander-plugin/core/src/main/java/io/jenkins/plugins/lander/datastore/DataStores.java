package io.jenkins.plugins.lander.datastore;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.swift.SwiftDataStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the data store from the configuration, the same way for the CLI, the server and Jenkins:
 * {@code LANDER_DATA_STORE=local} (the default) is a directory, {@code swift} is OpenStack Swift
 * with Keystone v3 credentials from the {@code OS_*} settings or the openrc file named by
 * {@code LANDER_OPENRC} ({@link OpenStackSettings#fromEnv}).
 */
public final class DataStores {
    public static final String KIND = "LANDER_DATA_STORE";
    public static final String LOCAL = "local";
    public static final String SWIFT = "swift";

    private DataStores() {}

    /**
     * @param env the environment, or the same keys from a configuration
     * @param localRoot the directory of a local store; may be null when the configuration asks for Swift
     * @throws IllegalArgumentException for an unknown kind, a local store without a directory, or
     *     missing OpenStack settings
     * @throws IOException when Swift cannot be reached or refuses the credentials
     */
    public static DataStore open(Map<String, String> env, Path localRoot) throws IOException {
        if (kind(env).equals(SWIFT)) {
            return SwiftDataStore.open(OpenStackSettings.fromEnv(env), Retry.DEFAULT);
        }
        if (localRoot == null) {
            throw new IllegalArgumentException(KIND + "=local needs the store's root directory");
        }
        return new LocalDataStore(localRoot);
    }

    /**
     * Checks the settings as {@link #open} reads them, reaching nothing: the kind and, for Swift,
     * the OpenStack settings (every missing one named).
     */
    public static void check(Map<String, String> env) throws IOException {
        if (kind(env).equals(SWIFT)) {
            OpenStackSettings.fromEnv(env);
        }
    }

    /** {@code local} or {@code swift}; anything else is refused. */
    public static String kind(Map<String, String> env) {
        String kind = env.getOrDefault(KIND, "").strip().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "", LOCAL -> LOCAL;
            case SWIFT -> SWIFT;
            default -> throw new IllegalArgumentException(KIND + " must be 'local' or 'swift', not '" + env.get(KIND) + "'");
        };
    }

    /**
     * Where a browser reads a stored file by itself, without credentials: its reference when that
     * is the store's public HTTP(S) reference of the file (a public file in Swift). Empty for a
     * local store's {@code file:} reference, a private file's (Swift's {@code C.private}) and a
     * reference of another store: those are read through the store, by whoever serves them.
     */
    public static Optional<URI> publicUrl(DataStore store, String container, String name, String reference) {
        URI uri;
        try {
            uri = new URI(reference);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return Optional.empty();
        }
        return store.reference(container, name).equals(uri) ? Optional.of(uri) : Optional.empty();
    }
}
