package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for the Debian tools in tests of the engine's sequencing only: it records every call
 * and fails where a test says. The real tools are exercised by build-steps-core and the CLI tests.
 */
public final class RecordingSteps implements LandingSteps {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public volatile String alreadyPublished;
    public final Set<String> failBuildOf = ConcurrentHashMap.newKeySet();
    public final Set<String> failTestOf = ConcurrentHashMap.newKeySet();
    /** Sources whose build fails to upload (Launchpad's FAILEDTOUPLOAD), with the upload log. */
    public final java.util.Map<String, String> failUploadOf = new ConcurrentHashMap<>();
    /** Sources whose run finds no tests (autopkgtest exit 8, "SKIP no tests in this package"). */
    public final Set<String> noTestsOf = ConcurrentHashMap.newKeySet();
    /**
     * Sources whose debian/tests/control autopkgtest refuses: exit 12 and the summary line
     * {@code * BROKEN missing "Tests" or "Test-Command" field}, the whole package named {@code *}.
     */
    public final Set<String> brokenControlOf = ConcurrentHashMap.newKeySet();
    public volatile RuntimeException imageError;
    public volatile CountDownLatch testStarted;
    public volatile CountDownLatch blockTests;
    /** Builds of these sources wait for their latch (to hold a landing in its build step). */
    public final Map<String, CountDownLatch> holdBuildOf = new ConcurrentHashMap<>();
    /** Counted down when a build of that source starts. */
    public final Map<String, CountDownLatch> buildStarted = new ConcurrentHashMap<>();
    private final Map<String, String> reservedBy = new ConcurrentHashMap<>();
    /** The archive's indexes triggered tests are looked for in (none: nothing is triggered). */
    public final List<ArchiveIndex> indexes = Collections.synchronizedList(new ArrayList<>());
    /** autopkgtest's exit code of a triggered package's tests: {with the ticket's packages, without}; default passes. */
    public final Map<String, int[]> triggeredExit = new ConcurrentHashMap<>();
    /** The architecture the recorded testbed runs tests on (and its testbed key names). */
    public volatile String testArchitecture = "amd64";
    /** Each triggered run appends "SOURCE with|without" here too, when set: what a crashed process did survives it. */
    public volatile Path triggeredRuns;

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
        String name = reservedBy.computeIfAbsent(ticketId, id -> String.format("ci-pool-%03d", reservedBy.size() + 1));
        return new Ppa(name);
    }

    @Override
    public String aptLine(Ppa ppa, String series) {
        return "deb [trusted=yes] http://127.0.0.1/" + ppa.name() + " " + series + " main";
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignored, StepConsole console, boolean resuming)
            throws Exception {
        calls.add("build " + upload.key() + (ignored.isEmpty() ? "" : " ignoring " + new java.util.TreeSet<>(ignored))
                + (resuming ? " (resuming)" : ""));
        CountDownLatch started = buildStarted.get(upload.source());
        if (started != null) {
            started.countDown();
        }
        CountDownLatch hold = holdBuildOf.get(upload.source());
        if (hold != null) {
            hold.await();
        }
        console.state("WAITING", upload.key());
        Path log = Files.writeString(console.workDir().resolve("build.log"), "building " + upload.key() + "\n");
        if (failUploadOf.containsKey(upload.source())) {
            return new BuildResult(upload.source(), upload.version(), BuildResult.FAILED, "amd64: Failed to upload",
                    List.of(), List.of(), failUploadOf.get(upload.source()));
        }
        boolean fail = failBuildOf.contains(upload.source());
        return new BuildResult(upload.source(), upload.version(), fail ? BuildResult.FAILED : BuildResult.COMPLETED,
                fail ? "dpkg-buildpackage failed" : null, List.of(upload.key() + "_amd64.deb"),
                List.of(new ArchivedFile(upload.key() + "/build.log", ArtifactType.LOGS, log.toString())));
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming) {
        calls.add("image " + packages + (resuming ? " (resuming)" : ""));
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
        if (noTestsOf.contains(upload.source())) {
            return new TestResult(upload.source(), upload.version(), 8, TestOutcome.PASS,
                    List.of(new Verdict(Verdict.NO_TESTS, Verdict.NEUTRAL, false, "no tests in this package")), List.of());
        }
        if (brokenControlOf.contains(upload.source())) {
            return new TestResult(upload.source(), upload.version(), 12, TestOutcome.BADPKG,
                    List.of(new Verdict("*", Verdict.ERROR, false, "broken test: missing \"Tests\" or \"Test-Command\" field")),
                    List.of());
        }
        boolean fail = failTestOf.contains(upload.source());
        return new TestResult(upload.source(), upload.version(), fail ? 4 : 0, fail ? TestOutcome.FAIL : TestOutcome.PASS,
                List.of(new Verdict("smoke", fail ? "FAIL" : "PASS", false, fail ? "non-zero exit status 1" : "")), List.of());
    }

    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) {
        return List.copyOf(indexes);
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) {
        return Set.of(testArchitecture);
    }

    @Override
    public String testbedKey(Ppa ppa, String series, TriggeredTest test, StepConsole console) {
        return "recording/" + series + "/" + testArchitecture;
    }

    @Override
    public TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) throws Exception {
        String run = test.source() + (withTrigger ? " with " + trigger.key() : " without");
        calls.add("triggered " + run + (resuming ? " (resuming)" : ""));
        if (triggeredRuns != null) {
            synchronized (this) {
                Files.writeString(triggeredRuns, run + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.SYNC);
            }
        }
        int exit = triggeredExit.getOrDefault(test.source(), new int[] {0, 0})[withTrigger ? 0 : 1];
        return new TestResult(test.source(), test.version(), exit, TestOutcome.fromExitCode(exit),
                List.of(new Verdict("smoke", exit == 0 ? "PASS" : "FAIL", false, exit == 0 ? "" : "non-zero exit status 1")),
                List.of());
    }

    /** A Sources and amd64 Packages index where each of {@code rdeps} has tests and a binary depending on {@code library}. */
    public static ArchiveIndex archiveOf(String library, String... rdeps) {
        StringBuilder sources = new StringBuilder();
        StringBuilder packages = new StringBuilder();
        for (String r : rdeps) {
            sources.append("Package: ").append(r).append("\nBinary: ").append(r).append("-bin\nVersion: 1.0\n")
                    .append("Testsuite: autopkgtest\n\n");
            packages.append("Package: ").append(r).append("-bin\nSource: ").append(r).append("\nVersion: 1.0\n")
                    .append("Architecture: amd64\nDepends: libc6, ").append(library).append("\n\n");
        }
        return new ArchiveIndex(ArchiveIndex.ARCHIVE, sources.toString(), Map.of("amd64", packages.toString()));
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming) {
        calls.add("publish " + uploads.stream().map(SourceUpload::key).toList() + (resuming ? " (resuming)" : ""));
        return new PublishResult(uploads.stream().map(u -> u.key() + "_source").toList(), List.of());
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) {
        calls.add("release " + ppa.name());
        reservedBy.values().remove(ppa.name());
    }

    /** The calls of one kind (e.g. "build"), in order. */
    public List<String> callsOf(String kind) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith(kind + " ")).toList();
        }
    }
}
