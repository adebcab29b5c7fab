package io.jenkins.plugins.lander.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.steps.publish.ArchivePackage;
import io.jenkins.plugins.lander.steps.support.DebianSources;
import io.jenkins.plugins.lander.steps.support.RecordingConsole;
import io.jenkins.plugins.lander.steps.support.SharedCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's own hello (3.0 (quilt), orig tarball, upstream DEP-8 tests) through every step. */
@Tag("debian")
class RealPackageTest {
    @TempDir
    Path tmp;

    @Test
    void helloFromTheDebianArchiveLandsEndToEnd() throws Exception {
        SourceUpload hello = downloadSource("hello", tmp.resolve("src"));
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));
        try (LocalLandingSteps steps = new LocalLandingSteps(
                new LocalConfig(tmp.resolve("data"), cache, 1, null, Set.of(SharedCache.SERIES)))) {
            RecordingConsole console = new RecordingConsole(tmp.resolve("work"));
            Ppa ppa = steps.allocatePpa("real-1", console);

            BuildResult built = steps.buildSource(ppa, hello, SharedCache.SERIES, Set.of(), console, false);
            assertThat(built.state()).as(console.text()).isEqualTo(BuildResult.COMPLETED);
            assertThat(built.binaries()).contains("hello_" + hello.version() + "_amd64");

            TestImage image = steps.buildImage(ppa, SharedCache.SERIES, List.of("hello"), console, false);
            TestResult tested = steps.runAutopkgtest(image, ppa, hello, console, false);
            assertThat(tested.passed()).as(console.text()).isTrue();
            assertThat(tested.verdicts()).isNotEmpty().allSatisfy(v -> assertThat(v.result()).isEqualTo("PASS"));
            assertThat(tested.files()).extracting(ArchivedFile::name)
                    .contains(hello.key() + "/autopkgtest/junit.xml", hello.key() + "/autopkgtest/results.subunit");

            steps.publish(ppa, SharedCache.SERIES, List.of(hello), console, false);
            assertThat(LocalLandingSteps.archive(steps.config(), SharedCache.SERIES))
                    .contains(new ArchivePackage("hello", hello.version(), "source"),
                            new ArchivePackage("hello", hello.version(), "amd64"));
            steps.releasePpa(ppa, console);
        }
    }

    /**
     * libmodule-runtime-perl has no debian/tests, only {@code Testsuite: autopkgtest-pkg-perl}:
     * autodep8 (installed by scripts/setup-debian-tools) generates its suite and autopkgtest runs it.
     */
    @Test
    void autodep8SuiteOfAPerlModuleRuns() throws Exception {
        SourceUpload perl = downloadSource("libmodule-runtime-perl", tmp.resolve("src"));
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));
        try (LocalLandingSteps steps = new LocalLandingSteps(
                new LocalConfig(tmp.resolve("data"), cache, 1, null, Set.of(SharedCache.SERIES)))) {
            RecordingConsole console = new RecordingConsole(tmp.resolve("work"));
            Ppa ppa = steps.allocatePpa("real-2", console);
            BuildResult built = steps.buildSource(ppa, perl, SharedCache.SERIES, Set.of(), console, false);
            assertThat(built.state()).as(console.text()).isEqualTo(BuildResult.COMPLETED);

            TestImage image = steps.buildImage(ppa, SharedCache.SERIES, List.of(), console, false);
            TestResult tested = steps.runAutopkgtest(image, ppa, perl, console, false);

            assertThat(tested.passed()).as(console.text()).isTrue();
            assertThat(tested.untested()).isFalse();
            assertThat(tested.verdicts()).as(console.text()).contains(
                    new Verdict("autodep8-perl-build-deps", "PASS", false, ""),
                    new Verdict("autodep8-perl", "PASS", true, ""),
                    new Verdict("autodep8-perl-recommends", "PASS", true, ""));
            steps.releasePpa(ppa, console);
        }
    }

    private static SourceUpload downloadSource(String name, Path dir) throws Exception {
        return new SourceUploadReader().read(DebianSources.download(name, dir));
    }
}
