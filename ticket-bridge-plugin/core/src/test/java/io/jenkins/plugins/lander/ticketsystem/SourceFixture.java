package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes a small source upload (tarball, .dsc, _source.changes) with correct sizes and checksums. */
final class SourceFixture {
    private SourceFixture() {}

    static Path changes(Path dir, String source, String version) throws IOException {
        Files.createDirectories(dir);
        Path tar = dir.resolve(source + "_" + version + ".tar.xz");
        Files.writeString(tar, "not really xz: " + source + " " + version + "\n");
        Path dsc = dir.resolve(source + "_" + version + ".dsc");
        Files.writeString(dsc, "Format: 3.0 (native)\nSource: " + source + "\nBinary: " + source + "\nArchitecture: any\n"
                + "Version: " + version + "\nMaintainer: Test <test@example.com>\n"
                + "Checksums-Sha256:\n " + line(tar) + "\nFiles:\n " + md5Line(tar, "") + "\n", StandardCharsets.UTF_8);
        Path changes = dir.resolve(source + "_" + version + "_source.changes");
        Files.writeString(changes, "Format: 1.8\nDate: Sat, 21 Nov 2026 12:00:00 +0000\nSource: " + source + "\n"
                + "Architecture: source\nVersion: " + version + "\nDistribution: bookworm\n"
                + "Maintainer: Test <test@example.com>\nChanges:\n " + source + " (" + version + ") bookworm; urgency=medium\n"
                + "Checksums-Sha256:\n " + line(dsc) + "\n " + line(tar) + "\n"
                + "Files:\n " + md5Line(dsc, "devel optional ") + "\n " + md5Line(tar, "devel optional ") + "\n",
                StandardCharsets.UTF_8);
        return changes;
    }

    private static String line(Path f) throws IOException {
        return SourceUploadReader.sha256(f) + " " + Files.size(f) + " " + f.getFileName();
    }

    /** {@code section priority} sit between size and name in a .changes, not in a .dsc. */
    private static String md5Line(Path f, String sectionPriority) throws IOException {
        try {
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
            return md5 + " " + Files.size(f) + " " + sectionPriority + f.getFileName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
