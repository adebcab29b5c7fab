package io.jenkins.plugins.lander.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5, the checksum Swift's {@code ETag} and Glance's {@code checksum} report, read in constant memory. */
public final class Checksums {
    private Checksums() {}

    public record Summary(long size, String md5) {}

    public static Summary md5(Path file) throws IOException {
        MessageDigest md = digest();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
                size += n;
            }
        }
        return new Summary(size, HexFormat.of().formatHex(md.digest()));
    }

    public static String md5(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
