package io.jenkins.plugins.lander.landing;

import java.util.List;

/**
 * A testbed image: the series' base, the PPA as an apt source, the requested packages installed.
 *
 * @param reference where the image is (a tarball path for the local backend, a Glance id in the cloud)
 * @param reused true when an identical image was already cached
 */
public record TestImage(String reference, String series, boolean reused, List<ArchivedFile> files) {
    public TestImage {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
