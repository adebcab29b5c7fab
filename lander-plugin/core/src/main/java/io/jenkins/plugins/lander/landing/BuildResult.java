package io.jenkins.plugins.lander.landing;

import java.util.List;

/**
 * What {@code buildSource} made of one upload.
 *
 * @param state {@code COMPLETED} or {@code FAILED}, as in the seed's build_source messages, or
 *     {@code DEPWAIT} when a build dependency cannot be had (Launchpad's "Dependency wait"; the
 *     reason names the missing package and version)
 * @param binaries the binary package files now in the PPA
 * @param files the build log and other files to archive, present even on failure
 */
public record BuildResult(
        String source, String version, String state, String reason, List<String> binaries, List<ArchivedFile> files) {
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String DEPWAIT = "DEPWAIT";

    public BuildResult {
        binaries = binaries == null ? List.of() : List.copyOf(binaries);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public boolean succeeded() {
        return COMPLETED.equals(state);
    }
}
