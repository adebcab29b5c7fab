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
 * @param uploadLog for a build that built but whose binaries the PPA refused (Launchpad's "Failed
 *     to upload"): the output of that upload, which the failure mail must carry (seed 000); else null
 */
public record BuildResult(String source, String version, String state, String reason, List<String> binaries,
        List<ArchivedFile> files, String uploadLog) {
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String DEPWAIT = "DEPWAIT";

    public BuildResult {
        binaries = binaries == null ? List.of() : List.copyOf(binaries);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A result with no upload log: every build but one that failed to upload. */
    public BuildResult(String source, String version, String state, String reason, List<String> binaries,
            List<ArchivedFile> files) {
        this(source, version, state, reason, binaries, files, null);
    }

    /** Whether it built but the PPA refused its binaries. */
    public boolean failedToUpload() {
        return FAILED.equals(state) && uploadLog != null;
    }

    public boolean succeeded() {
        return COMPLETED.equals(state);
    }
}
