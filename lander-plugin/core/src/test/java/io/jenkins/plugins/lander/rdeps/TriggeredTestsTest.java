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

            Package: bb
            Binary: bb-tool
            Version: 1.0
            Testsuite: autopkgtest

            Package: cc
            Binary: cc
            Version: 2.0
            Testsuite: autopkgtest
            Testsuite-Triggers: liba-dev, python3

            Package: dd
            Binary: dd
            Version: 3.0
            Build-Depends: debhelper-compat (= 13),
             liba-dev (>= 1.0) [amd64] <!nocheck> | libother-dev
            Testsuite: autopkgtest
            Testsuite-Triggers: @builddeps@

            Package: ee
            Binary: ee
            Version: 1.0
            Build-Depends: liba-dev
            Testsuite: autopkgtest

            Package: ff
            Binary: ff
            Version: 1.0
            Testsuite-Triggers: liba1

            Package: gg
            Binary: gg-arm
            Version: 1.0
            Testsuite: autopkgtest
            Testsuite-Triggers: liba1
            """;
    private static final String AMD64 = """
            Package: liba1
            Source: liba
            Version: 1.0-1
            Architecture: amd64

            Package: bb-tool
            Source: bb
            Version: 1.0
            Architecture: amd64
            Depends: libc6 (>= 2.36), liba1 (>= 1.0)

            Package: dd
            Version: 3.0
            Architecture: amd64

            Package: ee
            Version: 1.0
            Architecture: amd64
            Depends: libc6

            Package: ff
            Version: 1.0
            Architecture: amd64
            """;
    private static final String ALL = """
            Package: cc
            Version: 2.0
            Architecture: all
            """;
    private static final String ARM64 = """
            Package: gg-arm
            Source: gg (1.0)
            Version: 1.0+b1
            Architecture: arm64
            """;
    private static final ArchiveIndex ARCHIVE = new ArchiveIndex(ArchiveIndex.ARCHIVE, SOURCES,
            Map.of("amd64", AMD64, "all", ALL, "arm64", ARM64));
    private static final Trigger LIBA = new Trigger("liba", "1.1-1", List.of("liba1", "liba-dev"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // tests whose binaries depend on the trigger (britney's reverse dependencies, "@")
                Arguments.of("bb", Set.of("amd64"), List.of("liba_1.1-1/bb/amd64 because [liba1]")),
                // Testsuite-Triggers names, arch:all binaries count on every architecture
                Arguments.of("cc", Set.of("amd64", "arm64"),
                        List.of("liba_1.1-1/cc/amd64 because [liba-dev]", "liba_1.1-1/cc/arm64 because [liba-dev]")),
                // @builddeps@ expands to Build-Depends with versions, arches, profiles and alternatives dropped
                Arguments.of("dd", Set.of("amd64"), List.of("liba_1.1-1/dd/amd64 because [liba-dev]")),
                // build-depending alone does not trigger without @builddeps@
                Arguments.of("ee", Set.of("amd64"), List.of()),
                // no Testsuite field: no tests to run
                Arguments.of("ff", Set.of("amd64"), List.of()),
                // binaries only on arm64: tested there only (seed 001), binNMU'd Source (version) understood
                Arguments.of("gg", Set.of("amd64"), List.of()),
                Arguments.of("gg", Set.of("amd64", "arm64"), List.of("liba_1.1-1/gg/arm64 because [liba1]")),
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
        assertThat(selection.run()).extracting(TriggeredTest::key).containsExactly("liba_1.1-1/bb/amd64", "liba_1.1-1/cc/amd64");
        assertThat(selection.notRun()).extracting(TriggeredTest::key)
                .containsExactly("liba_1.1-1/cc/arm64", "liba_1.1-1/dd/amd64", "liba_1.1-1/gg/arm64");
        assertThat(TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), Set.of("amd64"), Set.of(), 0).run()).isEmpty();
        assertThatThrownBy(() -> TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE), Set.of("amd64"), Set.of(), -1))
                .hasMessageContaining("-1");
    }

    @Test
    void theHighestVersionOfTheArchiveAndTheMirrorIsTested() {
        ArchiveIndex mirror = new ArchiveIndex(ArchiveIndex.MIRROR, """
                Package: bb
                Binary: bb-tool
                Version: 1.0~rc1
                Testsuite: autopkgtest

                Package: hh
                Binary: hh
                Version: 5
                Testsuite: autopkgtest
                Testsuite-Triggers: liba1
                """, Map.of("amd64", "Package: hh\nArchitecture: amd64\n\nPackage: bb-tool\nSource: bb\nArchitecture: amd64\n"));
        var selection = TriggeredTests.select(List.of(LIBA), List.of(ARCHIVE, mirror), Set.of("amd64"), Set.of("liba"), 100);
        assertThat(selection.run()).extracting(t -> t.source() + " " + t.version() + " " + t.origin())
                .containsExactly("bb 1.0 archive", "cc 2.0 archive", "dd 3.0 archive", "hh 5 mirror");
    }

    @Test
    void aBinaryNameIsReadFromItsDebFile() {
        assertThat(Trigger.binaryName("liba1_1.1-1_amd64.deb")).isEqualTo("liba1");
        assertThat(Trigger.binaryName("liba-bin_2.0_all")).as("an aptly key, as the local backend reports builds").isEqualTo("liba-bin");
        assertThat(Trigger.binaryName("/x/pool/main/l/liba/liba-dev_1.1-1_amd64.deb")).isEqualTo("liba-dev");
    }
}
