package io.jenkins.plugins.lander.steps.repo;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.source.DebianVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the base Debian archive of a series has, as this machine's apt knows it: the
 * {@code deb-src} entries scripts/setup-debian-tools adds ({@code deb-src MIRROR SERIES main}).
 * A series without a {@code deb-src} index on this machine is not known here (empty answers).
 */
public final class BaseArchive {
    private final ProcessRunner runner;
    /** The suites and codenames of this machine's Sources indexes, read once (apt-get indextargets takes seconds). */
    private volatile Set<String> indexed;

    public BaseArchive(ProcessRunner runner) {
        this.runner = runner;
    }

    /** The newest version of {@code source} in the series' base archive, if apt has its Sources index. */
    public Optional<String> newest(String series, String source) throws IOException, InterruptedException {
        if (!hasSources(series)) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        ProcessRunner.Result r = runner.run(Command.of("apt-cache", "showsrc", "--only-source", source), out::add);
        if (!r.ok()) {
            throw new IOException("apt-cache showsrc " + source + " failed (exit " + r.exitCode() + "): " + out);
        }
        return versions(out, source).stream().max(DebianVersion.ORDER);
    }

    /** The {@code Version:} of each stanza of {@code source} in apt-cache's output. */
    static List<String> versions(List<String> showsrc, String source) {
        List<String> versions = new ArrayList<>();
        String pkg = null;
        for (String line : showsrc) {
            if (line.isBlank()) {
                pkg = null;
            } else if (line.startsWith("Package: ")) {
                pkg = line.substring(9).strip();
            } else if (line.startsWith("Version: ") && source.equals(pkg)) {
                versions.add(line.substring(9).strip());
            }
        }
        return versions;
    }

    private boolean hasSources(String series) throws IOException, InterruptedException {
        if (indexed == null) {
            List<String> out = new ArrayList<>();
            ProcessRunner.Result r = runner.run(Command.of("apt-get", "indextargets", "--format", "$(CODENAME) $(SUITE)",
                    "Created-By: Sources"), out::add);
            Set<String> names = new HashSet<>();
            if (r.ok()) {
                out.forEach(l -> names.addAll(List.of(l.strip().split(" "))));
            }
            indexed = Set.copyOf(names);
        }
        return indexed.contains(series);
    }
}
