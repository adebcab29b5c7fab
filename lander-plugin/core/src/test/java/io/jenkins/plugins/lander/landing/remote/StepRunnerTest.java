package io.jenkins.plugins.lander.landing.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.landing.EngineFixture;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a builder refuses before it does anything: each problem named. */
class StepRunnerTest {
    @TempDir
    Path dir;

    private Path requestDir;
    private StepRequest good;

    @BeforeEach
    void staged() throws Exception {
        SourceUpload upload;
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            upload = fixture.upload("hello");
        }
        requestDir = Files.createDirectories(dir.resolve("step"));
        List<StagedFile> files = new ArrayList<>();
        for (SourceFile f : upload.files()) {
            Files.copy(f.path(), requestDir.resolve(f.name()));
            files.add(new StagedFile(f.name(), f.size(), f.sha256(), f.path().toString()));
        }
        good = new StepRequest("build-source/hello_1.0", "7", "bookworm", "ci-pool-001", "http://10.77.0.1:8480", null,
                false, List.of("hello_1.0.dsc"), files, List.of(), List.of(), null);
    }

    private StepRequest with(UnaryOperator<String> action, List<StagedFile> files, List<String> uploads) {
        return new StepRequest(action.apply(good.action()), good.ticketId(), good.series(), good.ppa(), good.ppaService(),
                null, false, uploads, files, List.of(), List.of(), good.image());
    }

    private void assertBad(StepRequest r, String message) {
        assertThatThrownBy(() -> StepRunner.check(r, requestDir)).isInstanceOf(BadStepRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aGoodRequestReadsItsUpload() throws Exception {
        assertThat(StepRunner.check(good, requestDir)).singleElement().satisfies(u -> assertThat(u.key()).isEqualTo("hello_1.0"));
    }

    @Test
    void unknownAction() {
        assertBad(with(a -> "rm -rf /", good.files(), good.uploads()), "unknown action 'rm -rf /'");
    }

    @Test
    void aFileNameWithDotDot() {
        List<StagedFile> files = new ArrayList<>(good.files());
        files.add(new StagedFile("../../etc/passwd", 1, "00", "/etc/passwd"));
        assertBad(with(a -> a, files, good.uploads()), "'../../etc/passwd' is not a plain file name");
    }

    @Test
    void aSymbolicLink() throws Exception {
        Path tar = requestDir.resolve("hello_1.0.tar.xz");
        Path real = Files.move(tar, dir.resolve("elsewhere.tar.xz"));
        Files.createSymbolicLink(tar, real);
        assertBad(good, "hello_1.0.tar.xz is a symbolic link");
    }

    @Test
    void aMissingFile() throws Exception {
        Files.delete(requestDir.resolve("hello_1.0.tar.xz"));
        assertBad(good, "hello_1.0.tar.xz is missing beside the request");
    }

    @Test
    void aFileThatIsNotWhatTheControllerSent() throws Exception {
        Path tar = requestDir.resolve("hello_1.0.tar.xz");
        byte[] bytes = Files.readAllBytes(tar);
        bytes[0] ^= 1;
        Files.write(tar, bytes);
        assertBad(good, "hello_1.0.tar.xz does not match its SHA-256");
    }

    @Test
    void anUploadOfAnotherKey() {
        assertBad(with(a -> "build-source/other_2.0", good.files(), good.uploads()), "needs exactly the upload other_2.0");
    }

    @Test
    void anImageReferenceWithDotDot() {
        StepRequest r = new StepRequest("run-autopkgtest/hello_1.0", "7", "bookworm", "ci-pool-001", "http://10.77.0.1:8480",
                null, false, good.uploads(), good.files(), List.of(), List.of(),
                new TestImage("/var/cache/../../etc/shadow", "bookworm", false, List.of()));
        assertBad(r, "is not a plain image reference");
    }

    @Test
    void aPpaServiceThatIsNotAnHttpUrl() {
        StepRequest r = new StepRequest(good.action(), "7", "bookworm", "ci-pool-001", "file:///srv/aptly", null, false,
                good.uploads(), good.files(), List.of(), List.of(), null);
        assertBad(r, "ppaService must be the http(s) URL");
    }

    private static final TriggeredTest BB = new TriggeredTest("bb", "1.0", "amd64", "liba_1.1", ArchiveIndex.ARCHIVE,
            List.of("liba"));
    private static final Trigger LIBA = new Trigger("liba", "1.1", List.of("liba"));
    private static final TestImage IMAGE = new TestImage("/images/x.tar", "bookworm", false, List.of());

    private static StepRequest triggered(String action, List<String> uploads, List<StagedFile> files, TriggeredTest test,
            Trigger trigger) {
        return new StepRequest(action, null, "bookworm", "ci-pool-001", "http://10.77.0.1:8480", null, false, uploads, files,
                List.of(), List.of(), IMAGE, false, test, trigger, true);
    }

    @Test
    void aTriggeredTestRequestIsChecked() throws Exception {
        assertThat(StepRunner.check(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), BB, LIBA),
                requestDir)).isEmpty();
    }

    @Test
    void aTriggeredTestUnderTheActionOfAnotherTest() {
        assertBad(triggered("run-triggered-test/liba_1.1/cc/amd64", List.of(), List.of(), BB, LIBA),
                "is not the action of the triggered test liba_1.1/bb/amd64");
    }

    @Test
    void aTriggeredTestWithATriggerItWasNotFoundFor() {
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), BB,
                new Trigger("libz", "9.0", List.of("libz"))), "found for liba_1.1, the request's trigger is libz_9.0");
    }

    @Test
    void aTriggeredTestWithoutItsTest() {
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), null, LIBA),
                "needs the triggered test and its trigger");
    }

    @Test
    void aTriggeredTestThatSmugglesAnUpload() {
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", good.uploads(), good.files(), BB, LIBA),
                "runs an archive package's tests, not uploads");
    }

    @Test
    void aTriggeredTestOfAForgedSourceOrOrigin() {
        TriggeredTest shell = new TriggeredTest("bb;rm -rf ~", "1.0", "amd64", "liba_1.1", ArchiveIndex.ARCHIVE, List.of());
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), shell, LIBA),
                "'bb;rm -rf ~' '1.0' is not a source and version");
        TriggeredTest file = new TriggeredTest("bb", "1.0", "amd64", "liba_1.1", "file:///etc", List.of());
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), file, LIBA),
                "origin must be archive or mirror, not 'file:///etc'");
        Trigger binaries = new Trigger("liba", "1.1", List.of("../liba"));
        assertBad(triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), BB, binaries),
                "'../liba' is not a binary package name");
    }

    @Test
    void aTestbedQuestionAboutAForgedTest() {
        TriggeredTest arch = new TriggeredTest("bb", "1.0", "amd64/../..", "liba_1.1", ArchiveIndex.ARCHIVE, List.of());
        assertBad(triggered("testbed", List.of(), List.of(), arch, null), "'amd64/../..' is not an architecture");
    }

    @Test
    void theTwoRunsOfATriggeredTestAreTwoRequests() {
        StepRequest with = triggered("run-triggered-test/liba_1.1/bb/amd64", List.of(), List.of(), BB, LIBA);
        StepRequest baseline = new StepRequest(with.action(), null, "bookworm", "ci-pool-001", "http://10.77.0.1:8480", null,
                true, List.of(), List.of(), List.of(), List.of(), IMAGE, false, BB, LIBA, false);
        StepRequest baselineAgain = new StepRequest(with.action(), null, "bookworm", "ci-pool-001", "http://10.77.0.1:8480",
                null, false, List.of(), List.of(), List.of(), List.of(), IMAGE, false, BB, LIBA, false);

        assertThat(baseline.sha256()).isNotEqualTo(with.sha256()).isEqualTo(baselineAgain.sha256());
        assertThat(with.isQuestion()).isFalse();
        assertThat(triggered("testbed", List.of(), List.of(), BB, null).isQuestion()).isTrue();
    }

    /** A backend whose PPAs are elsewhere (Launchpad) names no PPA service; the builder's backend then needs none. */
    @Test
    void noPpaServiceIsARequestOfABackendWithout() throws Exception {
        StepRequest r = new StepRequest(good.action(), "7", "bookworm", "ci-pool-001", null, null, false,
                good.uploads(), good.files(), List.of(), List.of(), null, false, null, null, false);
        assertThat(StepRunner.check(r, requestDir)).hasSize(1);
    }

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> StepRequest.parse("{\"action\": ")).isInstanceOf(BadStepRequestException.class)
                .hasMessageContaining("not valid JSON");
    }
}
