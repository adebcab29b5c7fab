package io.jenkins.plugins.lander.steps.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the local backend.
 *
 * @param dataDir everything a landing creates: the PPA pool state, aptly's repositories, the archive
 * @param cacheDir base tarballs and test images, shared by all data dirs of the user
 * @param poolSize how many PPAs the pool holds
 * @param mirror the Debian mirror for chroots and images
 * @param series the series tickets may target
 */
public record LocalConfig(Path dataDir, Path cacheDir, int poolSize, String mirror, Set<String> series) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    public static final Set<String> DEFAULT_SERIES = Set.of("bookworm");

    public LocalConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        cacheDir = cacheDir == null ? defaultCacheDir(System.getenv()) : cacheDir;
        poolSize = poolSize <= 0 ? DEFAULT_POOL_SIZE : poolSize;
        mirror = mirror == null || mirror.isBlank() ? DEFAULT_MIRROR : mirror;
        series = series == null || series.isEmpty() ? DEFAULT_SERIES : Set.copyOf(series);
        dataDir = dataDir.toAbsolutePath();
        cacheDir = cacheDir.toAbsolutePath();
    }

    /** The defaults for everything but the data directory. */
    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, null, 0, null, null);
    }

    /** {@code $LANDER_CACHE}, else {@code $XDG_CACHE_HOME/lander}, else {@code ~/.cache/lander}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String explicit = env.get("LANDER_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lander");
    }
}
