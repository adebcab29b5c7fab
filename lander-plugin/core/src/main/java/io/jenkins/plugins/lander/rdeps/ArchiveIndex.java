package io.jenkins.plugins.lander.rdeps;

import java.util.Map;

/**
 * The indexes of one archive for one series, as an apt client reads them: where triggered tests
 * are looked for.
 *
 * @param origin {@link #ARCHIVE} (the Lander's own archive, where the ticket publishes) or {@link #MIRROR}
 * @param sources the {@code Sources} index text
 * @param packages the {@code Packages} index text by architecture ({@code all} included when published apart)
 */
public record ArchiveIndex(String origin, String sources, Map<String, String> packages) {
    public static final String ARCHIVE = "archive";
    public static final String MIRROR = "mirror";

    public ArchiveIndex {
        sources = sources == null ? "" : sources;
        packages = packages == null ? Map.of() : Map.copyOf(packages);
    }
}
