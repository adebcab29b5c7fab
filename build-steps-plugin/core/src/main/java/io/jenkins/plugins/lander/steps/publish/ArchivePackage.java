package io.jenkins.plugins.lander.steps.publish;

/** A package of the archive; {@code architecture} is {@code source} for source packages. */
public record ArchivePackage(String name, String version, String architecture) {
    /** From aptly's {@code name_version_arch} key. */
    static ArchivePackage fromKey(String key) {
        String[] parts = key.split("_");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a name_version_arch package key: " + key);
        }
        return new ArchivePackage(parts[0], parts[1], parts[2]);
    }
}
