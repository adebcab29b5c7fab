package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.source.ControlFile;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of binary packages a build made, from the sizes its binary {@code .changes} lists. */
final class BinarySizes {
    private BinarySizes() {}

    static long of(BuildResult build) throws IOException {
        long bytes = 0;
        for (ArchivedFile f : build.files()) {
            Path file = Path.of(f.path());
            if (!f.name().endsWith(".changes") || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                ControlFile changes = ControlFile.parse(f.name(), Files.readString(file, StandardCharsets.UTF_8));
                for (String line : changes.lines("Checksums-Sha256")) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 3 && (parts[2].endsWith(".deb") || parts[2].endsWith(".udeb"))) {
                        bytes += Long.parseLong(parts[1]);
                    }
                }
            } catch (InvalidSourceException | NumberFormatException e) {
                // a .changes sbuild wrote but we cannot read adds no size; the build stands
            }
        }
        return bytes;
    }
}
