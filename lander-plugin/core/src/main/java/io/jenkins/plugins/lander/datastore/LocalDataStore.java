package io.jenkins.plugins.lander.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A data store in a directory: {@code ROOT/CONTAINER/NAME}. A private file has an empty marker
 * {@code ROOT/CONTAINER/.private/NAME} beside it, so visibility survives without a database and a
 * person browsing the directory sees the files under their own names.
 */
public final class LocalDataStore implements DataStore {
    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String PRIVATE_DIR = ".private";
    private final Path root;

    public LocalDataStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public URI put(String container, String name, Path file, Visibility visibility) throws IOException {
        return store(container, name, visibility, tmp -> Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public URI put(String container, String name, byte[] content, Visibility visibility) throws IOException {
        return store(container, name, visibility, tmp -> Files.write(tmp, content));
    }

    /** Writes through a temporary file so a reader never sees half a file, even after a crash. */
    private URI store(String container, String name, Visibility visibility, Writer writer) throws IOException {
        Path target = resolve(container, name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        try {
            writer.write(tmp);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        changeVisibility(container, name, visibility);
        return reference(container, name);
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream get(String container, String name) throws IOException {
        Path file = resolve(container, name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(container + "/" + name);
        }
        return Files.newInputStream(file);
    }

    /** The file on disk, for callers that serve it (the status page). */
    public Path path(String container, String name) {
        return resolve(container, name);
    }

    @Override
    public List<String> list(String container) throws IOException {
        Path dir = containerDir(container);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.startsWith(PRIVATE_DIR + "/") && !n.endsWith(".tmp"))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public Visibility visibility(String container, String name) throws IOException {
        if (!Files.isRegularFile(resolve(container, name))) {
            throw new NoSuchFileException(container + "/" + name);
        }
        return Files.exists(marker(container, name)) ? Visibility.PRIVATE : Visibility.PUBLIC;
    }

    @Override
    public void changeVisibility(String container, String name, Visibility visibility) throws IOException {
        Path marker = marker(container, name);
        if (visibility == Visibility.PRIVATE) {
            Files.createDirectories(marker.getParent());
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } else {
            Files.deleteIfExists(marker);
        }
    }

    @Override
    public void delete(String container, String name) throws IOException {
        Files.deleteIfExists(resolve(container, name));
        Files.deleteIfExists(marker(container, name));
    }

    @Override
    public void deleteContainer(String container) throws IOException {
        Path dir = containerDir(container);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public URI reference(String container, String name) {
        return resolve(container, name).toUri();
    }

    private Path containerDir(String container) {
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("invalid container name '" + container + "'");
        }
        return root.resolve(container);
    }

    private Path resolve(String container, String name) {
        Path dir = containerDir(container);
        Path file = dir.resolve(name).normalize();
        if (name.isBlank() || !file.startsWith(dir) || file.equals(dir) || name.startsWith(PRIVATE_DIR)) {
            throw new IllegalArgumentException("invalid file name '" + name + "' in container " + container);
        }
        return file;
    }

    private Path marker(String container, String name) {
        return containerDir(container).resolve(PRIVATE_DIR).resolve(name).normalize();
    }
}
