package io.jenkins.plugins.lander.steps.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The test images of {@code CACHE/images/}: {@code SERIES-KEY.tar} with {@code SERIES-KEY.json}
 * beside it. Images are about 500 MB, so only the most recently used ones are kept; a use
 * refreshes an image's modification time.
 */
public final class ImageCache {
    /** Enough for several series and tickets in flight; ~3 GB. */
    public static final int DEFAULT_KEPT = 6;

    private final Path dir;
    private final int kept;

    public ImageCache(Path dir, int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("the image cache must keep at least one image, got " + kept);
        }
        this.dir = dir;
        this.kept = kept;
    }

    public Path image(String series, String key) {
        return dir.resolve(series + "-" + key + ".tar");
    }

    public Path manifest(String series, String key) {
        return dir.resolve(series + "-" + key + ".json");
    }

    public Path dir() {
        return dir;
    }

    public void markUsed(Path image) throws IOException {
        Files.setLastModifiedTime(image, FileTime.from(Instant.now()));
    }

    /** Deletes the least recently used images (and their manifests) beyond the kept number. */
    public void evict(Consumer<String> out) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> images;
        try (Stream<Path> files = Files.list(dir)) {
            images = files.filter(f -> f.getFileName().toString().endsWith(".tar"))
                    .sorted(Comparator.comparing(ImageCache::modified).reversed())
                    .toList();
        }
        for (Path old : images.subList(Math.min(kept, images.size()), images.size())) {
            out.accept("evicting least recently used test image " + old.getFileName());
            String base = old.getFileName().toString().replaceFirst("\\.tar$", "");
            Files.deleteIfExists(old);
            Files.deleteIfExists(dir.resolve(base + ".json"));
            Files.deleteIfExists(dir.resolve(base + ".tar.lock"));
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // vanished meanwhile: oldest, its delete is a no-op
        }
    }
}
