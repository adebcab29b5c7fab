package io.jenkins.plugins.lander.landing;

import java.util.List;

/** @param packages {@code name_version_arch} of every source and binary package now in the archive */
public record PublishResult(List<String> packages, List<ArchivedFile> files) {
    public PublishResult {
        packages = packages == null ? List.of() : List.copyOf(packages);
        files = files == null ? List.of() : List.copyOf(files);
    }
}
