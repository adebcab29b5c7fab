package io.jenkins.plugins.lander.datastore.swift;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.Checksums;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB file goes up to Swift and comes back in a JVM with a 128 MiB heap: a store that held
 * the file (or a good part of it) in memory would die of OutOfMemoryError there.
 */
@Tag("openstack")
class SwiftLargeObjectTest {
    private static final long SIZE = 1L << 30;
    private static final String HEAP = "-Xmx128m";

    @TempDir
    Path dir;

    @Test
    void aGibibyteRoundTripsInConstantMemory() throws Exception {
        Path file = generate(dir.resolve("large.bin"), SIZE);
        Path download = dir.resolve("download.bin");
        String container = "ticket." + UUID.randomUUID();
        Path output = dir.resolve("child.out");
        try {
            Process child = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"), HEAP,
                            "-cp", System.getProperty("java.class.path"),
                            LargeObjectRoundTrip.class.getName(),
                            OpenStackFixture.openrc().toString(), container, file.toString(), download.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("round trip finished").isTrue();
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as("child JVM (%s) output:%n%s", HEAP, String.join("\n", lines)).isZero();
            assertThat(lines).anyMatch(l -> l.startsWith("max_rss_kb="));
            System.out.println("1 GiB round trip under " + HEAP + ": " + String.join(", ", lines));

            assertThat(Files.size(download)).isEqualTo(SIZE);
            assertThat(Checksums.md5(download)).isEqualTo(Checksums.md5(file));
        } finally {
            SwiftDataStore.open(OpenStackFixture.settings(), Retry.DEFAULT).deleteContainer(container);
        }
    }

    /** Pseudo-random bytes, so a reordered or repeated block would change the MD5. */
    private static Path generate(Path file, long size) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.capacity()) {
                block.clear();
                while (block.hasRemaining()) {
                    block.putLong(random.nextLong());
                }
                out.write(block.array());
            }
        }
        return file;
    }
}
