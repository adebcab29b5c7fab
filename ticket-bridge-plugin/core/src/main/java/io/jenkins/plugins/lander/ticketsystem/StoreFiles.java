package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Files of the server's data store as the API and the status page may use them: regular files
 * reached from the store's root without following a single symbolic link, so a link planted in
 * the store (to /etc/passwd, or a container linked to /etc) is never served or referenced.
 */
final class StoreFiles {
    private StoreFiles() {}

    /** The file, when the name is valid and every directory on the way and the file itself are real. */
    static Optional<Path> regularFile(LocalDataStore store, String container, String name) {
        Path file;
        try {
            file = store.path(container, name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Path at = store.root();
        for (Path part : store.root().relativize(file)) {
            at = at.resolve(part);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.empty();
            }
            boolean last = at.equals(file);
            if (last ? !attributes.isRegularFile() : !attributes.isDirectory()) {
                return Optional.empty();
            }
        }
        return Optional.of(file);
    }
}
