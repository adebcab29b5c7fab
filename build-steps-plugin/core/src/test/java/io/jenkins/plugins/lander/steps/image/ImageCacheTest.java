package io.jenkins.plugins.lander.steps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheMostRecentlyUsedImagesOnly() throws Exception {
        ImageCache cache = new ImageCache(dir, 2);
        for (int i = 1; i <= 4; i++) {
            Files.writeString(cache.image("bookworm", "k" + i), "tar " + i);
            Files.writeString(cache.manifest("bookworm", "k" + i), "{}");
            Files.setLastModifiedTime(cache.image("bookworm", "k" + i), FileTime.fromMillis(1_000_000L * i));
        }
        cache.markUsed(cache.image("bookworm", "k1")); // an old image reused just now
        List<String> said = new ArrayList<>();

        cache.evict(said::add);

        assertThat(cache.image("bookworm", "k1")).exists();
        assertThat(cache.image("bookworm", "k4")).exists();
        assertThat(cache.image("bookworm", "k2")).doesNotExist();
        assertThat(cache.manifest("bookworm", "k2")).doesNotExist();
        assertThat(cache.image("bookworm", "k3")).doesNotExist();
        assertThat(cache.manifest("bookworm", "k4")).exists();
        assertThat(said).containsExactlyInAnyOrder("evicting least recently used test image bookworm-k2.tar",
                "evicting least recently used test image bookworm-k3.tar");
    }

    @Test
    void anEmptyOrMissingCacheIsFine() throws Exception {
        new ImageCache(dir.resolve("missing"), 1).evict(line -> {
            throw new AssertionError(line);
        });
        assertThatThrownBy(() -> new ImageCache(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
