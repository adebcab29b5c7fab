package io.jenkins.plugins.lander.steps.support;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cache directory of its own for a test (so its images start cold) whose {@code base/} is the
 * user's real cache, so all tests share one base tarball (built by scripts/setup-debian-tools,
 * or here on first use).
 */
public final class SharedCache {
    public static final String SERIES = "bookworm";

    private SharedCache() {}

    public static Path withSharedBase(Path testCache) throws Exception {
        Path shared = LocalConfig.defaultCacheDir(System.getenv());
        String arch = new String(new ProcessBuilder("dpkg", "--print-architecture").start().getInputStream()
                .readAllBytes()).trim();
        new BaseTarballs(shared, LocalConfig.DEFAULT_MIRROR, arch, new ProcessRunner(new ToolClock()))
                .path(SERIES, new RecordingConsole(testCache));
        Files.createDirectories(testCache);
        Path link = testCache.resolve("base");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, shared.resolve("base"));
        }
        return testCache;
    }
}
