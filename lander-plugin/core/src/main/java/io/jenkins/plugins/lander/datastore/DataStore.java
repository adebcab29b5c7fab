package io.jenkins.plugins.lander.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed's data store: named containers of files, each file public (readable by anyone who has
 * its reference) or private. Backends: {@link LocalDataStore} (a directory) and Swift (later).
 */
public interface DataStore {

    /** Stores {@code file} as {@code name} in {@code container}, replacing any file of that name. */
    URI put(String container, String name, Path file, Visibility visibility) throws IOException;

    /** Stores the bytes as {@code name}; for small generated files such as summaries. */
    URI put(String container, String name, byte[] content, Visibility visibility) throws IOException;

    /** Opens a stored file; {@link java.nio.file.NoSuchFileException} when it is not there. */
    InputStream get(String container, String name) throws IOException;

    /** The names of the files in the container, sorted; empty for an unknown container. */
    List<String> list(String container) throws IOException;

    Visibility visibility(String container, String name) throws IOException;

    void changeVisibility(String container, String name, Visibility visibility) throws IOException;

    void delete(String container, String name) throws IOException;

    /** Removes the container and everything in it. */
    void deleteContainer(String container) throws IOException;

    /** Where the stored file is referenced from tickets. */
    URI reference(String container, String name);

    enum Visibility {
        PUBLIC,
        PRIVATE
    }
}
