package io.jenkins.plugins.lander.rdeps;

import java.util.List;

/**
 * A package of the target archive whose DEP-8 tests an upload of the ticket triggers, on one
 * architecture.
 *
 * @param trigger the upload's key ({@code liba_1.1-1})
 * @param origin where the tested source is published: {@link ArchiveIndex#ARCHIVE} or {@link ArchiveIndex#MIRROR}
 * @param because the ticket's binaries its tests depend on
 */
public record TriggeredTest(String source, String version, String architecture, String trigger, String origin,
        List<String> because) {
    public TriggeredTest {
        because = because == null ? List.of() : List.copyOf(because);
    }

    /** {@code liba_1.1-1/b/amd64}: unique in a ticket, the tail of its action's name (and its result's {@code key}). */
    public String key() {
        return trigger + "/" + source + "/" + architecture;
    }

    /** The version the tested source is at, as hints and the baseline cache name it. */
    public String sourceKey() {
        return source + "_" + version;
    }
}
