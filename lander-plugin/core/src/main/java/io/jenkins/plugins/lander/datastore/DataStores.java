package io.jenkins.plugins.lander.datastore;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.swift.SwiftDataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the data store from the configuration, the same way for the CLI, the server and Jenkins:
 * {@code LANDER_DATA_STORE=local} (the default) is a directory, {@code swift} is OpenStack Swift
 * with Keystone v3 credentials from the {@code OS_*} settings or the openrc file named by
 * {@code LANDER_OPENRC} ({@link OpenStackSettings#fromEnv}).
 */
public final class DataStores {
    public static final String KIND = "LANDER_DATA_STORE";

    private DataStores() {}

    /**
     * @param env the environment, or the same keys from a configuration
     * @param localRoot the directory of a local store; may be null when the configuration asks for Swift
     * @throws IllegalArgumentException for an unknown kind, a local store without a directory, or
     *     missing OpenStack settings
     * @throws IOException when Swift cannot be reached or refuses the credentials
     */
    public static DataStore open(Map<String, String> env, Path localRoot) throws IOException {
        String kind = env.getOrDefault(KIND, "").strip().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "", "local" -> {
                if (localRoot == null) {
                    throw new IllegalArgumentException(KIND + "=local needs the store's root directory");
                }
                return new LocalDataStore(localRoot);
            }
            case "swift" -> {
                return SwiftDataStore.open(OpenStackSettings.fromEnv(env), Retry.DEFAULT);
            }
            default -> throw new IllegalArgumentException(
                    KIND + " must be 'local' or 'swift', not '" + env.get(KIND) + "'");
        }
    }
}
