package io.jenkins.plugins.lander.steps.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.ppa.PoolEntry;
import io.jenkins.plugins.lander.steps.ppa.PpaState;
import io.jenkins.plugins.lander.steps.publish.ArchivePackage;
import io.jenkins.plugins.lander.steps.publish.PublishRefusedException;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.steps.support.RecordingConsole;
import io.jenkins.plugins.lander.steps.support.SharedCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ticket's life on the real tools, step by step, with the example package and its broken-build
 * and failing-test variants: allocate, build (and resume), image (cold, then reused), autopkgtest
 * (pass and fail), publish (then refuse the same version), release.
 */
@Tag("debian")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLandingStepsTest {
    private static final String SERIES = SharedCache.SERIES;
    private static final String TICKET = "42";

    private Path tmp;

    private LocalLandingSteps steps;
    private Ppa ppa;
    private SourceUpload passing;
    private SourceUpload failingTest;
    private TestImage image;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        tmp = dir;
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));
        steps = new LocalLandingSteps(new LocalConfig(tmp.resolve("data"), cache, 2, null, Set.of(SERIES)));
        passing = ExamplePackages.build("pass", "1.0", tmp.resolve("src/pass"));
        failingTest = ExamplePackages.build("failing-test", "1.0.1", tmp.resolve("src/failing-test"));
    }

    @AfterAll
    void tearDown() {
        steps.close();
    }

    private RecordingConsole console(String step) {
        return new RecordingConsole(tmp.resolve("work").resolve(step));
    }

    private Duration toolTime(String tool) {
        return steps.toolClock().byTool().getOrDefault(tool, Duration.ZERO);
    }

    @Test
    @Order(1)
    void allocatesAPpaForTheTicket() throws Exception {
        ppa = steps.allocatePpa(TICKET, console("allocate"));

        assertThat(ppa.name()).isEqualTo("ci-pool-001");
        assertThat(steps.allocatePpa(TICKET, console("allocate"))).isEqualTo(ppa);
        assertThat(LocalLandingSteps.pool(steps.config())).contains(new PoolEntry("ci-pool-001", PpaState.RESERVED, TICKET));
    }

    @Test
    @Order(2)
    void aPassingPackageBuildsIntoThePpa() throws Exception {
        RecordingConsole console = console("build");
        BuildResult result = steps.buildSource(ppa, passing, SERIES, Set.of(), console, false);

        assertThat(result.state()).as(console.text()).isEqualTo(BuildResult.COMPLETED);
        assertThat(result.binaries()).containsExactly("hello-lander-dbgsym_1.0_amd64", "hello-lander_1.0_amd64");
        assertThat(console.states()).containsExactly("WAITING", "STATUS", "COMPLETED");
        assertThat(logOf(result)).contains("Status: successful");
        assertThat(result.files()).extracting(ArchivedFile::name).contains("hello-lander_1.0/build.log",
                "hello-lander_1.0/hello-lander_1.0_amd64.changes");
        assertThat(console.text()).contains("dh_auto_build"); // sbuild's log streamed to the console
    }

    @Test
    @Order(3)
    void resumingABuildWhoseBinariesAreInThePpaNeitherFailsNorDuplicates() throws Exception {
        Duration sbuildBefore = toolTime("sbuild");
        RecordingConsole console = console("build");
        BuildResult result = steps.buildSource(ppa, passing, SERIES, Set.of(), console, true);

        assertThat(result.state()).isEqualTo(BuildResult.COMPLETED);
        assertThat(result.binaries()).containsExactly("hello-lander-dbgsym_1.0_amd64", "hello-lander_1.0_amd64");
        assertThat(toolTime("sbuild")).isEqualTo(sbuildBefore);
        assertThat(LocalLandingSteps.archive(steps.config(), SERIES)).isEmpty();
    }

    @Test
    @Order(4)
    void aBrokenBuildFailsWithItsBuildLog() throws Exception {
        SourceUpload broken = ExamplePackages.build("broken-build", "1.0.2", tmp.resolve("src/broken"));
        RecordingConsole console = console("build-broken");
        BuildResult result = steps.buildSource(ppa, broken, SERIES, Set.of(), console, false);

        assertThat(result.state()).isEqualTo(BuildResult.FAILED);
        assertThat(result.reason()).contains("sbuild failed at stage build", "hello-lander_1.0.2/build.log");
        assertThat(result.binaries()).isEmpty();
        assertThat(console.states()).containsExactly("WAITING", "STATUS", "FAILED");
        assertThat(result.files()).extracting(ArchivedFile::name).containsExactly("hello-lander_1.0.2/build.log");
        assertThat(logOf(result)).contains("this is not C", "Status: attempted");
    }

    @Test
    @Order(5)
    void anIgnoredArchitectureIsNotBuilt() throws Exception {
        SourceUpload other = ExamplePackages.build("pass", "1.0.3", tmp.resolve("src/ignored"));
        Duration sbuildBefore = toolTime("sbuild");
        BuildResult result = steps.buildSource(ppa, other, SERIES, Set.of("amd64"), console("build-ignored"), false);

        assertThat(result.state()).isEqualTo(BuildResult.COMPLETED);
        assertThat(result.reason()).contains("nothing to build on amd64");
        assertThat(toolTime("sbuild")).isEqualTo(sbuildBefore);
    }

    @Test
    @Order(6)
    void theTestImageIsBuiltOnceAndReused() throws Exception {
        RecordingConsole console = console("image");
        image = steps.buildImage(ppa, SERIES, List.of("hello-lander"), console, false);
        Duration mmdebstrap = toolTime("mmdebstrap");
        TestImage again = steps.buildImage(ppa, SERIES, List.of("hello-lander"), console("image-2"), false);

        assertThat(image.reused()).isFalse();
        assertThat(Path.of(image.reference())).isRegularFile();
        assertThat(console.progress()).last().asString().startsWith("7/7");
        assertThat(image.files()).extracting(ArchivedFile::name).contains("image/manifest.json", "image/mmdebstrap.log");
        assertThat(again.reused()).isTrue();
        assertThat(again.reference()).isEqualTo(image.reference());
        TestImage resumed = steps.buildImage(ppa, SERIES, List.of("hello-lander"), console("image-2"), true);
        assertThat(resumed.reused()).isTrue();
        assertThat(toolTime("mmdebstrap")).isEqualTo(mmdebstrap);
        assertThatThrownBy(() -> steps.buildImage(ppa, SERIES, List.of("bad name;rm"), console("image-3"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name;rm");
    }

    @Test
    @Order(7)
    void passingTestsGiveJunitAndSubunit() throws Exception {
        RecordingConsole console = console("test");
        TestResult result = steps.runAutopkgtest(image, ppa, passing, console, false);

        assertThat(result.exitCode()).as(console.text()).isZero();
        assertThat(result.outcome()).isEqualTo(TestOutcome.PASS);
        assertThat(result.verdicts()).containsExactly(new Verdict("greets", "PASS", false, ""));
        assertThat(console.progress()).contains("1/1 test greets");
        assertThat(files(result)).containsKeys("hello-lander_1.0/autopkgtest/summary",
                "hello-lander_1.0/autopkgtest/log", "hello-lander_1.0/autopkgtest/greets-stdout");
        assertReports(result, "success", "Passed tests: 1", "tests=\"1\" failures=\"0\"", "greets: OK");
    }

    @Test
    @Order(8)
    void aFailingTestIsAFailureWithItsStderrInJunit() throws Exception {
        BuildResult built = steps.buildSource(ppa, failingTest, SERIES, Set.of(), console("build-failing"), false);
        assertThat(built.succeeded()).isTrue();
        RecordingConsole console = console("test-failing");
        TestResult result = steps.runAutopkgtest(image, ppa, failingTest, console, false);

        assertThat(result.exitCode()).as(console.text()).isEqualTo(4);
        assertThat(result.outcome()).isEqualTo(TestOutcome.FAIL);
        assertThat(result.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.test()).isEqualTo("greets");
            assertThat(v.result()).isEqualTo("FAIL");
        });
        assertReports(result, "failure", "Failed tests: 1", "<failure message=\"non-zero exit status 1\"");
    }

    @Test
    @Order(9)
    void aTestbedFailureIsRetriedExactlyOnce() throws Exception {
        TestImage missing = new TestImage(tmp.resolve("no-such-image.tar").toString(), SERIES, false, List.of());
        RecordingConsole console = console("test-testbed");
        TestResult result = steps.runAutopkgtest(missing, ppa, passing, console, false);

        assertThat(result.exitCode()).isEqualTo(16);
        assertThat(result.outcome()).isEqualTo(TestOutcome.TESTBED_FAILURE);
        assertThat(console.lines()).filteredOn(l -> l.contains("retrying once")).hasSize(1);
        assertThat(console.lines()).filteredOn(l -> l.contains("Cannot open: No such file")).hasSize(2);
        assertThat(result.verdicts()).contains(
                new Verdict("testbed-failure", "ERROR", false, "unexpected eof from the testbed"));
        assertThat(files(result)).containsKeys("hello-lander_1.0/autopkgtest/attempt-1/log",
                "hello-lander_1.0/autopkgtest/log", "hello-lander_1.0/autopkgtest/junit.xml");
    }

    @Test
    @Order(10)
    void publishCopiesSourceAndBinariesToTheArchiveAndRefusesTheSameVersionAgain() throws Exception {
        PublishResult published = steps.publish(ppa, SERIES, List.of(passing), console("publish"), false);

        List<ArchivePackage> expected = List.of(new ArchivePackage("hello-lander", "1.0", "amd64"),
                new ArchivePackage("hello-lander", "1.0", "source"),
                new ArchivePackage("hello-lander-dbgsym", "1.0", "amd64"));
        assertThat(published.packages()).containsExactlyInAnyOrder(
                "hello-lander_1.0_amd64", "hello-lander_1.0_source", "hello-lander-dbgsym_1.0_amd64");
        assertThat(LocalLandingSteps.archive(steps.config(), SERIES)).containsExactlyInAnyOrderElementsOf(expected);
        Path release = tmp.resolve("data/repos/db/public/archive/dists/bookworm/main/binary-amd64/Packages");
        assertThat(Files.readString(release)).contains("Package: hello-lander\n", "Version: 1.0\n");

        // the crash-and-resume path: the same ticket finds its own publication and carries on
        PublishResult resumed = steps.publish(ppa, SERIES, List.of(passing), console("publish"), true);
        assertThat(resumed.packages()).containsExactlyInAnyOrderElementsOf(published.packages());

        assertThatThrownBy(() -> steps.publish(ppa, SERIES, List.of(passing), console("publish-again"), false))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("hello-lander 1.0 is already in the bookworm archive (published by ticket 42)");
        assertThat(LocalLandingSteps.archive(steps.config(), SERIES)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(11)
    void anotherTicketCannotRepublishAVersionEvenWhenResuming() throws Exception {
        steps.releasePpa(ppa, console("release"));
        Ppa other = steps.allocatePpa("43", console("allocate-43"));
        // with its only architecture ignored, the source reaches the PPA without an sbuild run
        steps.buildSource(other, passing, SERIES, Set.of("amd64"), console("build-43"), false);

        assertThatThrownBy(() -> steps.publish(other, SERIES, List.of(passing), console("publish-43"), true))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("published by ticket 42");
        steps.releasePpa(other, console("release-43"));
        assertThat(LocalLandingSteps.pool(steps.config())).extracting(PoolEntry::state).containsOnly(PpaState.FREE);
    }

    @Test
    @Order(12)
    void unknownSeriesIsRefused() {
        assertThatThrownBy(() -> steps.buildImage(ppa, "sid", List.of(), console("image-sid"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown series 'sid'");
    }

    private static String logOf(BuildResult result) throws IOException {
        Optional<ArchivedFile> log = result.files().stream().filter(f -> f.name().endsWith("/build.log")).findFirst();
        assertThat(log).isPresent();
        return Files.readString(Path.of(log.get().path()), StandardCharsets.ISO_8859_1);
    }

    private static Map<String, Path> files(TestResult result) {
        return result.files().stream()
                .collect(java.util.stream.Collectors.toMap(ArchivedFile::name, f -> Path.of(f.path())));
    }

    /** The run's JUnit XML and its subunit stream (one test, greets), the latter as python-subunit reads it. */
    private static void assertReports(TestResult result, String subunitOutcome, String stats, String... junit)
            throws Exception {
        Map<String, Path> files = files(result);
        String dir = result.source() + "_" + result.version() + "/autopkgtest/";
        assertThat(Files.readString(files.get(dir + "junit.xml"))).contains("name=\"greets\"").contains(junit);
        Path subunit = files.get(dir + "results.subunit");
        assertThat(Files.readString(subunit)).startsWith("test: greets\n" + subunitOutcome + ": greets [ multipart\n");
        assertThat(subunitStats(subunit)).contains("Total tests: 1", stats);
    }

    /** python-subunit's own reading of the stream: proof that it is valid subunit v1. */
    private static String subunitStats(Path stream) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "subunit-1to2 < \"$0\" | subunit-stats", stream.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.replaceAll(" +", " ");
    }
}
