package io.jenkins.plugins.lander.rdeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggeredTestsTest {
    /** liba builds liba1 and liba-dev; the archive has b (its binary depends on liba1), c, d, e, f. */
    private static final String SOURCES = """
            Package: liba
            Binary: liba1, liba-dev
            Version: 1.0-1
            Testsuite: autopkgtest

            Package: b
            Binary: b-tool
            Version: 1.0
            Testsuite: autopkgtest

            Package: c
            Binary: c
            Version: 2.0
            Testsuite: autopkgtest
            Testsuite-Triggers: liba-dev, python3

            Package: d
            Binary: d
            Version: 3.0
            Build-Depends: debhelper-compat (= 13),
             liba-dev (>= 1.0) [amd64] <!nocheck> | libother-dev
            Testsuite: autopkgtest
            Testsuite-Triggers: @builddeps@

            Package: e
            Binary: e
            Version: 1.0
            Build-Depends: liba-dev
            Testsuite: autopkgtest

            Package: f
            Binary: f
            Version: 1.0
            Testsuite-Triggers: liba1

            Package: g
            Binary: g-arm
            Version: 1.0
            Testsuite: autopkgtest
            Testsuite-Triggers: liba1
            """;
    private static final String AMD64 = """
            Package: liba1
            Source: liba
            Version: 1.0-1
            Architecture: amd64

            Package: b-tool
            Source: b
            Version: 1.0
            Architecture: amd64
            Depends: libc6 (>= 2.36), liba1 (>= 1.0)

            Package: d
            Version: 3.0
            Architecture: amd64

            Package: e
            Version: 1.0
            Architecture: amd64
            Depends: libc6

            Package: f
            Version: 1.0
            Architecture: amd64
            """;
    private static final String ALL = """
            Package: c
            Version: 2.0
            Architecture: all
            """;
    private static final String ARM64 = """
            Package: g-arm
            Source: g (1.0)
            Version: 1.0+b1
            Architecture: arm64
            """;
    private static final ArchiveIndex ARCHIVE = new ArchiveIndex(ArchiveIndex.ARCHIVE, SOURCES,
            Map.of("amd64", AMD64, "all", ALL, "arm64", ARM64));
    private static final Trigger LIBA = new Trigger("liba", "1.1-1", List.of("liba1", "liba-dev"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // tests whose binaries depend on the trigger (britney's reverse dependencies, "@")
                Arguments.of("b", Set.of("amd64"), List.of("liba_1.1-1/b/amd64 because [liba1]")),
                // Testsuite-Triggers names, arch:all binaries count on every architecture
                Arguments.of("c", Set.of("amd64", "arm64"),
                        List.of("liba_1.1-1/c/amd64 because [liba-dev]", "liba_1.1-1/c/arm64 because [liba-dev]")),
                // @builddeps@ expands to Build-Depends with versions, arches, profiles and alternatives dropped
                Arguments.of("d", Set.of("amd64"), List.of("liba_1.1-1/d/amd64 because [liba-dev]")),
                // build-depending alone does not trigger without @builddeps@
                Arguments.of("e", Set.of("amd64"), List.of()),
                // no Testsuite field: no tests to run
                Arguments.of("f", Set.of("amd64"), List.of()),
                // binaries only on arm64: tested there only (seed 001), binNMU'd Source (version) understood
                Arguments.of("g", Set.of("amd64"), List.of()),
                Arguments.of("g", Set.of("amd64", "arm64"), List.of("liba_1.1-1/g/arm64 because [liba1]")),
                // the ticket's own source is not a triggered test
                Arguments.of("liba", Set.of("amd64"), List.of()));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void selectsTestsAsBritneyDoes(String source, Set<String> archs, List<String> expected) {
        var selection = TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), archs, Set.of("liba"), 100);
        assertThat(selection.run().stream().filter(t -> t.source().equals(source))
                .map(t -> t.key() + " because " + t.because())).containsExactlyElementsOf(expected);
        assertThat(selection.notRun()).isEmpty();
    }

    @Test
    void testsPastTheCapAreListedAsNotRunInAStableOrder() {
        var selection = TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), Set.of("amd64", "arm64"), Set.of("liba"), 2);
        assertThat(selection.run()).extracting(TriggeredTest::key).containsExactly("liba_1.1-1/b/amd64", "liba_1.1-1/c/amd64");
        assertThat(selection.notRun()).extracting(TriggeredTest::key)
                .containsExactly("liba_1.1-1/c/arm64", "liba_1.1-1/d/amd64", "liba_1.1-1/g/arm64");
        assertThat(TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), Set.of("amd64"), Set.of(), 0).run()).isEmpty();
        assertThatThrownBy(() -> TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), Set.of("amd64"), Set.of(), -1))
                .hasMessageContaining("-1");
    }

    @Test
    void theHighestVersionOfTheArchiveAndTheMirrorIsTested() {
        ArchiveIndex mirror = new ArchiveIndex(ArchiveIndex.MIRROR, """
                Package: b
                Binary: b-tool
                Version: 1.0~rc1
                Testsuite: autopkgtest

                Package: h
                Binary: h
                Version: 5
                Testsuite: autopkgtest
                Testsuite-Triggers: liba1
                """, Map.of("amd64", "Package: h\nArchitecture: amd64\n\nPackage: b-tool\nSource: b\nArchitecture: amd64\n"));
        var selection = TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE, mirror), Set.of("amd64"), Set.of("liba"), 100);
        assertThat(selection.run()).extracting(t -> t.source() + " " + t.version() + " " + t.origin())
                .containsExactly("b 1.0 archive", "c 2.0 archive", "d 3.0 archive", "h 5 mirror");
    }

    @Test
    void aBinaryNameIsReadFromItsDebFile() {
        assertThat(Trigger.binaryName("liba1_1.1-1_amd64.deb")).isEqualTo("liba1");
        assertThat(Trigger.binaryName("/x/pool/main/l/liba/liba-dev_1.1-1_amd64.deb")).isEqualTo("liba-dev");
    }
}
