package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for the Debian tools in tests of the Lander's sequencing only: it records every call
 * and fails where a test says. The real tools are exercised by build-steps-core and the CLI tests.
 */
final class RecordingSteps implements LandingSteps {
    final List<String> calls = new ArrayList<>();
    String alreadyPublished;
    String failBuildOf;
    String failTestOf;
    RuntimeException imageError;
    CountDownLatch testStarted;
    CountDownLatch blockTests;

    @Override
    public Set<String> knownSeries() {
        return Set.of("bookworm");
    }

    @Override
    public void checkUploads(String series, List<SourceUpload> uploads) throws InvalidSourceException {
        for (SourceUpload u : uploads) {
            if (u.source().equals(alreadyPublished)) {
                throw new InvalidSourceException(u.source() + " " + u.version() + " is already in the " + series + " archive");
            }
        }
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) {
        calls.add("reconcile " + liveTickets);
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) {
        calls.add("allocate " + ticketId);
        return new Ppa("ci-pool-001", "deb [trusted=yes] http://127.0.0.1/ci-pool-001 bookworm main", "http://127.0.0.1/ci-pool-001");
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignored, StepConsole console, boolean resuming)
            throws Exception {
        calls.add("build " + upload.key() + (resuming ? " (resuming)" : ""));
        console.state("WAITING", upload.key());
        Path log = Files.writeString(console.workDir().resolve("build.log"), "building " + upload.key() + "\n");
        boolean fail = upload.source().equals(failBuildOf);
        return new BuildResult(upload.source(), upload.version(), fail ? BuildResult.FAILED : BuildResult.COMPLETED,
                fail ? "dpkg-buildpackage failed" : null, List.of(upload.key() + "_amd64.deb"),
                List.of(new ArchivedFile(upload.key() + "/build.log", ArtifactType.LOGS, log.toString())));
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming) {
        calls.add("image " + packages);
        if (imageError != null) {
            throw imageError;
        }
        return new TestImage("/images/x.tar", series, false, List.of());
    }

    @Override
    public TestResult runAutopkgtest(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming)
            throws Exception {
        calls.add("test " + upload.key());
        if (testStarted != null) {
            testStarted.countDown();
            blockTests.await();
        }
        boolean fail = upload.source().equals(failTestOf);
        return new TestResult(upload.source(), upload.version(), fail ? 4 : 0, fail ? TestOutcome.FAIL : TestOutcome.PASS,
                List.of(new Verdict("smoke", fail ? "FAIL" : "PASS", false, fail ? "non-zero exit status 1" : "")), List.of());
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming) {
        calls.add("publish " + uploads.stream().map(SourceUpload::key).toList() + (resuming ? " (resuming)" : ""));
        return new PublishResult(uploads.stream().map(u -> u.key() + "_source").toList(), List.of());
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) {
        calls.add("release " + ppa.name());
    }
}
