package io.jenkins.plugins.lander.steps.repo;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.source.DebianNames;
import io.jenkins.plugins.lander.source.DebianVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the base Debian archive of a series has, as this machine's apt knows it: the
 * {@code deb-src} entries scripts/setup-debian-tools adds ({@code deb-src MIRROR SERIES main}).
 * A series without a {@code deb-src} index on this machine is not known here (empty answers).
 * The same indexes are where triggered tests of the series' own packages are looked for, and
 * {@code apt-get source} is how the tested source is fetched.
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

    /** The fields triggered tests are selected by ({@code TriggeredTests}); the rest of each stanza is left out. */
    private static final String SOURCE_FIELDS =
            "Package,Version,Testsuite,Testsuite-Triggers,Build-Depends,Build-Depends-Indep,Build-Depends-Arch";
    private static final String BINARY_FIELDS = "Package,Source,Version,Architecture,Depends,Pre-Depends";

    /** Where triggered tests are looked for: the Lander's archive and, when {@code mirror}, the series' own index. */
    public List<ArchiveIndex> triggerIndexes(ArchiveIndex archive, boolean mirror, String series, String architecture,
            Consumer<String> out) throws IOException, InterruptedException {
        List<ArchiveIndex> indexes = new ArrayList<>(List.of(archive));
        if (mirror) {
            triggerIndex(series, architecture, out).ifPresent(indexes::add);
        }
        return indexes;
    }

    /**
     * The series' indexes as this machine's apt has them (the series and its {@code -updates} and
     * {@code -security} suites, component main): the Sources index of each {@code deb-src} entry
     * and the Packages index of {@code architecture} ({@code all} included, as Debian publishes
     * it), each cut to the fields triggered tests need (grep-dctrl). Empty when apt has no Sources
     * index of the series.
     */
    public Optional<ArchiveIndex> triggerIndex(String series, String architecture, Consumer<String> out)
            throws IOException, InterruptedException {
        Set<String> suites = Set.of(series, series + "-updates", series + "-security");
        StringBuilder sources = new StringBuilder();
        StringBuilder packages = new StringBuilder();
        for (String target : indexTargets()) {
            String[] f = target.split(" ", 5); // codename component architecture identifier file
            if (f.length < 5 || !suites.contains(f[0]) || !f[1].equals("main")) {
                continue;
            }
            if (f[3].equals("Sources")) {
                sources.append(fields(f[4], SOURCE_FIELDS)).append('\n');
            } else if (f[3].equals("Packages") && f[2].equals(architecture)) {
                packages.append(fields(f[4], BINARY_FIELDS)).append('\n');
            }
        }
        if (sources.isEmpty()) {
            out.accept("no Sources index of " + series + " on this machine: no triggered tests from the mirror");
            return Optional.empty();
        }
        out.accept("looking for triggered tests in " + series + "'s Sources index as this machine's apt has it");
        return Optional.of(new ArchiveIndex(ArchiveIndex.MIRROR, sources.toString(),
                new TreeMap<>(Map.of(architecture, packages.toString()))));
    }

    private List<String> indexTargets() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        ProcessRunner.Result r = runner.run(Command.of("apt-get", "indextargets", "--format",
                "$(CODENAME) $(COMPONENT) $(ARCHITECTURE) $(IDENTIFIER) $(FILENAME)"), out::add);
        if (!r.ok()) {
            throw new IOException("apt-get indextargets failed (exit " + r.exitCode() + "): " + out);
        }
        return out;
    }

    /** The index file (compressed as apt keeps it), cut to {@code fields}. */
    private String fields(String file, String fields) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        // apt-helper reads whatever compression apt stored the index in; the file name comes from apt itself
        ProcessRunner.Result r = runner.run(Command.of("sh", "-c",
                "/usr/lib/apt/apt-helper cat-file \"$1\" | grep-dctrl -F Package -r . -s \"$2\"", "sh", file, fields),
                line -> text.append(line).append('\n'));
        if (!r.ok()) {
            throw new IOException("reading " + file + " failed (exit " + r.exitCode() + ")");
        }
        return text.toString();
    }

    /**
     * Fetches {@code source} at {@code version} from the series' mirror ({@code apt-get source
     * --download-only}) into {@code dir}; its {@code .dsc} is returned.
     */
    public Path download(String source, String version, Path dir, Consumer<String> out)
            throws IOException, InterruptedException {
        if (!DebianNames.isPackageName(source) || !DebianNames.isVersion(version)) {
            throw new IllegalArgumentException("not a source package and version: '" + source + "' '" + version + "'");
        }
        Files.createDirectories(dir);
        ProcessRunner.Result r = runner.run(
                Command.of("apt-get", "source", "--download-only", "-q", source + "=" + version).in(dir), out);
        Path dsc = dir.resolve(source + "_" + version.replaceFirst("^[0-9]+:", "") + ".dsc");
        if (!r.ok() || !Files.isRegularFile(dsc)) {
            throw new IOException("apt-get source " + source + "=" + version + " failed (exit " + r.exitCode() + ")");
        }
        return dsc;
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
