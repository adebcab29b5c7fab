package io.jenkins.plugins.lander.steps.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a published repository holds, read from its {@code Packages} and {@code Sources} indexes
 * as an apt client would: no aptly call, so no lock, so a reader never waits for a landing that
 * is publishing ({@code lander archive list}). aptly replaces the index files atomically.
 */
public final class PublishedIndex {
    private PublishedIndex() {}

    /** @param dists {@code PUBLIC/PREFIX/dists/SERIES} */
    public static List<ArchivePackage> read(Path dists) throws IOException {
        List<ArchivePackage> out = new ArrayList<>();
        if (!Files.isDirectory(dists)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dists)) {
            for (Path index : files.filter(f -> f.getFileName().toString().equals("Packages")
                    || f.getFileName().toString().equals("Sources")).sorted().toList()) {
                boolean sources = index.getFileName().toString().equals("Sources");
                for (String stanza : Files.readString(index, StandardCharsets.UTF_8).split("\n\n")) {
                    String name = field(stanza, "Package");
                    String version = field(stanza, "Version");
                    String arch = sources ? "source" : field(stanza, "Architecture");
                    if (name != null && version != null && arch != null) {
                        out.add(new ArchivePackage(name, version, arch));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(ArchivePackage::name).thenComparing(ArchivePackage::version)
                .thenComparing(ArchivePackage::architecture));
        return out.stream().distinct().toList();
    }

    private static String field(String stanza, String name) {
        for (String line : stanza.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
