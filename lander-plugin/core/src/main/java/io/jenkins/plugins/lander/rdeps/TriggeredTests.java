package io.jenkins.plugins.lander.rdeps;

import io.jenkins.plugins.lander.source.DebianNames;
import io.jenkins.plugins.lander.source.DebianVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which tests of other packages a ticket triggers, after britney's autopkgtest policy: a source
 * package of the target archive with DEP-8 tests ({@code Testsuite} field) is triggered by an
 * upload of the ticket when one of the upload's binaries is among its tests' dependencies:
 *
 * <ul>
 *   <li>the names of its {@code Testsuite-Triggers} field;
 *   <li>{@code @}, its own binaries on the architecture and what they depend on ({@code Depends},
 *       {@code Pre-Depends}): britney triggers a package's tests through the reverse dependencies
 *       of its binaries, and dpkg-source leaves {@code @} out of the field, so this holds for every
 *       tested source;
 *   <li>{@code @builddeps@} in the field: its build dependencies ({@code Build-Depends},
 *       {@code -Indep}, {@code -Arch}).
 * </ul>
 *
 * <p>A source is tested only on architectures where it has binaries (seed 001: elsewhere it is
 * expected to fail). When several indexes publish a source, the highest version is tested (what
 * apt installs from them). The ticket's own sources are not triggered tests. Past {@code cap}
 * tests (in the order trigger, source, architecture) the rest are listed as not run.
 */
public final class TriggeredTests {
    public static final int DEFAULT_CAP = 100;
    private static final Set<String> PLACEHOLDERS = Set.of("@", "@builddeps@", "@recommends@");

    private TriggeredTests() {}

    /** The tests to run, and those past the cap. */
    public record Selection(List<TriggeredTest> run, List<TriggeredTest> notRun) {
        public Selection {
            run = List.copyOf(run);
            notRun = List.copyOf(notRun);
        }

        public static final Selection NONE = new Selection(List.of(), List.of());
    }

    /** A source of an index, with its tests' declared triggers. */
    record Source(String name, String version, boolean tested, List<String> triggers, List<String> buildDepends,
            String origin) {}

    /** A binary of an index on one architecture ({@code all} included). */
    record Binary(String name, String source, String architecture, List<String> depends) {}

    public static Selection select(List<Trigger> triggers, List<ArchiveIndex> indexes, Set<String> architectures,
            Set<String> ticketSources, int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("the cap of triggered tests must be 0 or more, not " + cap);
        }
        Map<String, Source> sources = new TreeMap<>();
        Map<String, List<Binary>> binariesBySource = new LinkedHashMap<>();
        for (ArchiveIndex index : indexes) {
            for (Map<String, String> stanza : Deb822.parse(index.sources())) {
                Source s = source(stanza, index.origin());
                if (s == null) {
                    continue;
                }
                Source known = sources.get(s.name());
                if (known == null || DebianVersion.compare(s.version(), known.version()) > 0) {
                    sources.put(s.name(), s);
                }
            }
            for (Map.Entry<String, String> packages : index.packages().entrySet()) {
                for (Map<String, String> stanza : Deb822.parse(packages.getValue())) {
                    Binary b = binary(stanza, packages.getKey());
                    if (b != null) {
                        binariesBySource.computeIfAbsent(index.origin() + " " + b.source(), k -> new ArrayList<>()).add(b);
                    }
                }
            }
        }
        List<TriggeredTest> all = new ArrayList<>();
        for (Trigger trigger : triggers) {
            for (Source s : sources.values()) {
                if (!s.tested() || ticketSources.contains(s.name())) {
                    continue;
                }
                for (String arch : new java.util.TreeSet<>(architectures)) {
                    List<Binary> own = binariesBySource.getOrDefault(s.origin() + " " + s.name(), List.of()).stream()
                            .filter(b -> b.architecture().equals(arch) || b.architecture().equals("all"))
                            .toList();
                    if (own.isEmpty()) {
                        continue;
                    }
                    Set<String> deps = testDependencies(s, own);
                    List<String> because = trigger.binaries().stream().filter(deps::contains).distinct().sorted().toList();
                    if (!because.isEmpty()) {
                        all.add(new TriggeredTest(s.name(), s.version(), arch, trigger.key(), s.origin(), because));
                    }
                }
            }
        }
        all.sort(Comparator.comparing(TriggeredTest::trigger).thenComparing(TriggeredTest::source)
                .thenComparing(TriggeredTest::architecture));
        int n = Math.min(cap, all.size());
        return new Selection(all.subList(0, n), all.subList(n, all.size()));
    }

    /** What the source's tests depend on, with {@code @} and {@code @builddeps@} expanded. */
    private static Set<String> testDependencies(Source s, List<Binary> own) {
        Set<String> deps = new LinkedHashSet<>();
        s.triggers().stream().filter(t -> !PLACEHOLDERS.contains(t)).forEach(deps::add);
        for (Binary b : own) {
            deps.add(b.name());
            deps.addAll(b.depends());
        }
        if (s.triggers().contains("@builddeps@")) {
            deps.addAll(s.buildDepends());
        }
        return deps;
    }

    private static Source source(Map<String, String> stanza, String origin) {
        String name = stanza.get("package");
        String version = stanza.get("version");
        if (name == null || version == null || !DebianNames.isPackageName(name) || !DebianNames.isVersion(version)) {
            return null; // not a package an apt client would read either; its name goes into paths and commands
        }
        String testsuite = stanza.get("testsuite");
        List<String> buildDepends = new ArrayList<>();
        for (String field : List.of("build-depends", "build-depends-indep", "build-depends-arch")) {
            buildDepends.addAll(Deb822.names(stanza.get(field)));
        }
        return new Source(name, version, testsuite != null && !testsuite.isBlank(),
                Deb822.names(stanza.get("testsuite-triggers")), buildDepends, origin);
    }

    private static Binary binary(Map<String, String> stanza, String indexArchitecture) {
        String name = stanza.get("package");
        if (name == null) {
            return null;
        }
        String source = stanza.getOrDefault("source", name).split("[\\s(]", 2)[0];
        String arch = stanza.getOrDefault("architecture", indexArchitecture);
        List<String> depends = new ArrayList<>(Deb822.names(stanza.get("depends")));
        depends.addAll(Deb822.names(stanza.get("pre-depends")));
        return new Binary(name, source, arch, depends);
    }
}
