package io.jenkins.plugins.lander.rdeps;

import java.util.List;

/**
 * One upload of the ticket as a trigger of other packages' tests: its source, version and the
 * binary package names its build put in the PPA.
 */
public record Trigger(String source, String version, List<String> binaries) {
    public Trigger {
        binaries = binaries == null ? List.of() : List.copyOf(binaries);
    }

    /** {@code hello_2.10-3}, as the ticket's subtickets and actions name an upload. */
    public String key() {
        return source + "_" + version;
    }

    /** The binary package name of a {@code .deb} file name ({@code liba1_1.1-1_amd64.deb} → {@code liba1}) or of an aptly key ({@code liba1_1.1-1_amd64}). */
    public static String binaryName(String debFile) {
        String name = debFile.contains("/") ? debFile.substring(debFile.lastIndexOf('/') + 1) : debFile;
        int underscore = name.indexOf('_');
        return underscore > 0 ? name.substring(0, underscore) : name;
    }
}
