package io.jenkins.plugins.lander.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A data store in a directory: {@code ROOT/CONTAINER/NAME}. A private file has an empty marker
 * {@code ROOT/CONTAINER/.private/NAME} beside it, so visibility survives without a database and a
 * person browsing the directory sees the files under their own names. A bundle is written in a
 * hidden directory {@code .bundle-ID.tmp} and renamed into place.
 */
public final class LocalDataStore implements DataStore {
    private static final String PRIVATE_DIR = ".private";
    private static final String TMP_SUFFIX = ".tmp";
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

    /**
     * Writes through a temporary file so a reader never sees half a file, even after a crash; a
     * private file's marker is there before the file, so it is never readable as public.
     */
    private URI store(String container, String name, Visibility visibility, Writer writer) throws IOException {
        Path target = resolve(container, name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".put-", TMP_SUFFIX);
        try {
            writer.write(tmp);
            if (visibility == Visibility.PRIVATE) {
                changeVisibility(container, name, visibility);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        changeVisibility(container, name, visibility);
        return reference(container, name);
    }

    /**
     * Copies the files and the manifest into a hidden directory, then renames it to {@code PREFIX}:
     * the bundle appears whole. An older bundle is renamed away first, so for a moment there is
     * none; a kill in between leaves no bundle, and the next write makes it. Markers of a private
     * bundle are made before the rename.
     */
    @Override
    public URI putBundle(String container, String prefix, Map<String, Path> files, Visibility visibility)
            throws IOException {
        Bundle bundle = Bundles.describe(prefix, files);
        Path target = resolve(container, prefix);
        Path dir = containerDir(container);
        Files.createDirectories(target.getParent());
        Path stage = dir.resolve(".bundle-" + UUID.randomUUID() + TMP_SUFFIX);
        Path old = dir.resolve(".bundle-" + UUID.randomUUID() + TMP_SUFFIX);
        try {
            for (BundleFile f : bundle.files()) {
                Path copy = stage.resolve(f.name());
                Files.createDirectories(copy.getParent());
                Files.copy(files.get(f.name()), copy);
            }
            Files.write(stage.resolve(BUNDLE_MANIFEST), Bundles.manifest(bundle));
            if (visibility == Visibility.PRIVATE) {
                deleteTree(marker(container, prefix));
                for (String name : bundleNames(bundle)) {
                    changeVisibility(container, prefix + "/" + name, Visibility.PRIVATE);
                }
            }
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
            if (visibility == Visibility.PUBLIC) {
                deleteTree(marker(container, prefix));
            }
        } finally {
            deleteTree(stage);
            deleteTree(old);
        }
        return reference(container, prefix + "/" + BUNDLE_MANIFEST);
    }

    private static List<String> bundleNames(Bundle bundle) {
        List<String> names = new ArrayList<>();
        bundle.files().forEach(f -> names.add(f.name()));
        names.add(BUNDLE_MANIFEST);
        return names;
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
        // a link swapped in after the check is not followed either
        return Files.newInputStream(regularFile(container, name), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The file, when it and every directory on the way from the root are real: a symbolic link
     * planted in the store (to /etc/passwd, or a container linked to /etc) is never read.
     */
    private Path regularFile(String container, String name) throws IOException {
        Path file = resolve(container, name);
        Path at = root;
        for (Path part : root.relativize(file)) {
            at = at.resolve(part);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(container + "/" + name);
            }
            boolean last = at.equals(file);
            if (last ? !attributes.isRegularFile() : !attributes.isDirectory()) {
                throw new NoSuchFileException(container + "/" + name);
            }
        }
        return file;
    }

    /**
     * Walks the container, leaving out the markers and what is being written; a bundle renamed
     * into place during the walk is not an error.
     */
    @Override
    public List<String> list(String container) throws IOException {
        Path dir = containerDir(container);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = d.getFileName().toString();
                boolean hidden = !d.equals(dir) && (name.equals(PRIVATE_DIR) && d.getParent().equals(dir) || inTemporary(name));
                return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = dir.relativize(file).toString();
                if (attrs.isRegularFile() && !inTemporary(name)) {
                    names.add(name);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        names.sort(null);
        return names;
    }

    /** Part of a file or bundle being written: a segment named {@code .SOMETHING.tmp}. */
    private static boolean inTemporary(String name) {
        for (String segment : name.split("/")) {
            if (segment.startsWith(".") && segment.endsWith(TMP_SUFFIX)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Visibility visibility(String container, String name) throws IOException {
        regularFile(container, name);
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
        deleteTree(containerDir(container));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
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

    @Override
    public Optional<Location> locate(URI reference) {
        if (!"file".equals(reference.getScheme())) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(reference).normalize();
            if (!file.startsWith(root) || file.getNameCount() < root.getNameCount() + 2) {
                return Optional.empty();
            }
            Path relative = root.relativize(file);
            Location at = new Location(relative.getName(0).toString(), relative.subpath(1, relative.getNameCount()).toString());
            resolve(at.container(), at.name());
            return Optional.of(at);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private Path containerDir(String container) {
        Names.checkContainer(container);
        return root.resolve(container);
    }

    private Path resolve(String container, String name) {
        Path dir = containerDir(container);
        Names.checkName(name);
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || file.equals(dir) || name.startsWith(PRIVATE_DIR) || inTemporary(name)) {
            throw new IllegalArgumentException("invalid file name '" + name + "' in container " + container);
        }
        return file;
    }

    private Path marker(String container, String name) {
        return containerDir(container).resolve(PRIVATE_DIR).resolve(name).normalize();
    }
}
