package io.jenkins.plugins.lander.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated source package upload: a {@code .dsc}, or a {@code _source.changes} and the
 * {@code .dsc} it carries, with every listed file present and matching its checksum.
 *
 * @param descriptor the file the user named (a {@code .dsc} or {@code .changes})
 * @param dsc the source package's {@code .dsc}
 * @param source the source package name
 * @param version the full version, epoch included
 * @param binaries the binary packages the {@code .dsc} declares
 * @param architectures the {@code Architecture} field of the {@code .dsc} (e.g. {@code any all})
 * @param distribution the {@code .changes} Distribution, or null for a bare {@code .dsc}
 * @param files every file of the upload, the descriptor and the {@code .dsc} included
 * @param changedBy the {@code .changes} Changed-By (who made this upload), or null for a bare {@code .dsc}
 * @param maintainer the {@code .dsc} Maintainer, or null when it has none
 */
public record SourceUpload(
        Path descriptor,
        Path dsc,
        String source,
        String version,
        List<String> binaries,
        List<String> architectures,
        String distribution,
        List<SourceFile> files,
        String changedBy,
        String maintainer) {

    public SourceUpload {
        binaries = List.copyOf(binaries);
        architectures = List.copyOf(architectures);
        files = List.copyOf(files);
    }

    /** {@code source_version} with any epoch dropped, as Debian names files. */
    public String key() {
        int colon = version.indexOf(':');
        return source + "_" + (colon < 0 ? version : version.substring(colon + 1));
    }
}
