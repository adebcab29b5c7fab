package io.jenkins.plugins.lander.datastore.swift;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Uploads a file to the Swift data store and downloads it again, in a JVM of its own that
 * {@link SwiftLargeObjectTest} starts with a small heap; prints the timings and the peak resident
 * memory (VmHWM) for the test and docs/cloud.md.
 *
 * <p>Arguments: OPENRC CONTAINER FILE DOWNLOAD
 */
public final class LargeObjectRoundTrip {
    public static void main(String[] args) throws Exception {
        SwiftDataStore store = SwiftDataStore.open(OpenStackSettings.fromOpenrc(Path.of(args[0])), Retry.DEFAULT);
        String container = args[1];
        long t0 = System.nanoTime();
        store.put(container, "large.bin", Path.of(args[2]), Visibility.PRIVATE);
        long t1 = System.nanoTime();
        try (InputStream in = store.get(container, "large.bin")) {
            Files.copy(in, Path.of(args[3]), StandardCopyOption.REPLACE_EXISTING);
        }
        long t2 = System.nanoTime();
        System.out.println("upload_ms=" + (t1 - t0) / 1_000_000);
        System.out.println("download_ms=" + (t2 - t1) / 1_000_000);
        System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory());
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println("max_rss_kb=" + line.replaceAll("\\D", ""));
            }
        }
    }
}
