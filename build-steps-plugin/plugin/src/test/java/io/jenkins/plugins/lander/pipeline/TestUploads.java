package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a small native source package ({@code .dsc} + tarball) that SourceUploadReader accepts. */
final class TestUploads {
    private TestUploads() {}

    static Path dsc(Path dir, String source, String version) throws IOException {
        Files.createDirectories(dir);
        Path tarball = Files.writeString(dir.resolve(source + "_" + version + ".tar.xz"), "not really xz: " + source);
        String dsc = "Format: 3.0 (native)\n"
                + "Source: " + source + "\n"
                + "Binary: " + source + "\n"
                + "Architecture: any\n"
                + "Version: " + version + "\n"
                + "Checksums-Sha256:\n"
                + " " + SourceUploadReader.sha256(tarball) + " " + Files.size(tarball) + " " + tarball.getFileName()
                + "\n";
        return Files.writeString(dir.resolve(source + "_" + version + ".dsc"), dsc, StandardCharsets.UTF_8);
    }
}
