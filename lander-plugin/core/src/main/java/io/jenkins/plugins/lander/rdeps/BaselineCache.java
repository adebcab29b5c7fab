package io.jenkins.plugins.lander.rdeps;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.source.DebianNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The baselines of triggered tests: a package's tests run without any ticket's packages, once per
 * package, version, architecture and testbed, shared by every ticket of the data directory
 * ({@code DATA/baselines/}). A baseline is written aside, forced to disk and renamed into place,
 * so a reader (or a Lander resumed after {@code kill -9}) finds a whole baseline or none.
 */
public final class BaselineCache {
    private final Path dir;

    public BaselineCache(Path dir) {
        this.dir = dir;
    }

    /** One baseline run. */
    public record Baseline(String source, String version, String architecture, String testbed, int exitCode,
            List<Verdict> verdicts, Instant ranAt) {
        public Baseline {
            verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        }
    }

    public Optional<Baseline> get(TriggeredTest test, String testbed) throws IOException {
        Path file = file(test, testbed);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(file), Baseline.class));
    }

    public Baseline put(TriggeredTest test, String testbed, int exitCode, List<Verdict> verdicts) throws IOException {
        Baseline b = new Baseline(test.source(), test.version(), test.architecture(), testbed, exitCode, verdicts, Instant.now());
        Files.createDirectories(dir);
        Path file = file(test, testbed);
        Path temp = Files.createTempFile(dir, ".baseline-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(b)));
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(dir + " cannot rename atomically: no baseline can be cached there", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return b;
    }

    /** Every whole baseline file of the cache (the crash tests look for half ones). */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    /** {@code b_1.0_amd64_<testbed digest>.json}; the names were checked as Debian's, the testbed is hashed. */
    private Path file(TriggeredTest test, String testbed) {
        if (!DebianNames.isPackageName(test.source()) || !DebianNames.isVersion(test.version())
                || !DebianNames.isArchitecture(test.architecture())) {
            throw new IllegalArgumentException("not a package to cache a baseline of: " + test.key());
        }
        return dir.resolve(test.source() + "_" + test.version().replace(':', '%') + "_" + test.architecture() + "_"
                + digest(testbed) + ".json");
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
