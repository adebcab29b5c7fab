package io.jenkins.plugins.lander.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's data store: named containers of files, each file public (readable by anyone who has
 * its reference) or private. Backends: {@link LocalDataStore} (a directory) and
 * {@link io.jenkins.plugins.lander.datastore.swift.SwiftDataStore} (OpenStack Swift); {@link DataStores}
 * picks one from the configuration.
 */
public interface DataStore {

    /** The name of a bundle's manifest under the bundle's prefix; see {@link #putBundle}. */
    String BUNDLE_MANIFEST = ".bundle.json";

    /** Stores {@code file} as {@code name} in {@code container}, replacing any file of that name. */
    URI put(String container, String name, Path file, Visibility visibility) throws IOException;

    /** Stores the bytes as {@code name}; for small generated files such as summaries. */
    URI put(String container, String name, byte[] content, Visibility visibility) throws IOException;

    /**
     * Stores a result made of several files so that no reader sees part of it: each entry of
     * {@code files} (a name relative to the bundle, and the local file) becomes
     * {@code PREFIX/NAME}, and the manifest {@code PREFIX/.bundle.json} lists them with their sizes
     * and MD5s. The contract, for every backend:
     * <ul>
     *   <li>{@link #bundle} returns nothing, or a manifest every file of which is already stored in
     *       full with the size and MD5 it gives; it never describes a bundle still being written
     *       (the manifest is the last thing written, or the bundle appears by one rename);</li>
     *   <li>the prefix belongs to the bundle: writing it replaces what was under {@code PREFIX/},
     *       removing files the new bundle does not have; one writer per prefix at a time;</li>
     *   <li>while a bundle is rewritten, {@link #bundle} may for a moment return nothing; with an
     *       eventually consistent backend (Swift) a reader that read the old manifest may then get a
     *       new file, which it recognises by the MD5 (Swift's {@code ETag});</li>
     *   <li>a write that failed or was killed leaves no manifest of the new bundle, and writing it
     *       again completes it;</li>
     *   <li>{@link #list} is a plain listing: in Swift it can show the files of a bundle being
     *       written, so readers of results go through {@link #bundle}.</li>
     * </ul>
     *
     * @return the manifest's reference
     */
    URI putBundle(String container, String prefix, Map<String, Path> files, Visibility visibility) throws IOException;

    /** The manifest of the complete bundle under {@code prefix}; empty when there is none (yet). */
    default Optional<Bundle> bundle(String container, String prefix) throws IOException {
        Bundles.checkPrefix(prefix);
        try (InputStream in = get(container, prefix + "/" + BUNDLE_MANIFEST)) {
            return Optional.of(Bundles.parse(in));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

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

    /**
     * The container and name {@link #reference} gave {@code reference}, when it is a reference of
     * this store (and names a valid container and file, present or not); empty for anything else.
     */
    Optional<Location> locate(URI reference);

    /** A file's place in the store. */
    record Location(String container, String name) {}

    enum Visibility {
        PUBLIC,
        PRIVATE
    }

    /** A bundle's manifest: its prefix and its files, names relative to the prefix. */
    record Bundle(String prefix, List<BundleFile> files) {
        public Bundle {
            files = List.copyOf(files);
        }
    }

    /** @param md5 lower-case hex, as Swift's {@code ETag} gives it */
    record BundleFile(String name, long size, String md5) {}
}
