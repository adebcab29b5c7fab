package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The backend double of the Jenkins tests (Debian tools do not run in a JenkinsRule): records
 * every call with its {@code resuming} flag, answers like the local backend, and can hold the
 * first call of a step until the test lets it go, to restart Jenkins in the middle of it.
 * Static, so that it outlives the restarts of a JenkinsSessionExtension.
 */
final class StubLandingSteps implements LandingSteps {
    static final StubLandingSteps INSTANCE = new StubLandingSteps();

    /** "buildSource hello 2.10-3 resuming=false", … in call order. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    volatile TestOutcome testOutcome = TestOutcome.PASS;
    /**
     * The archive's packages whose tests depend on every binary a ticket builds: source → the
     * exit codes of its tests {with the ticket's packages, without}. None by default.
     */
    final Map<String, int[]> reverseDependencies = new ConcurrentSkipListMap<>();
    /** The step whose first call waits on {@link #gate}, or null. */
    volatile String holdFirst;

    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(1);
    volatile CountDownLatch released = new CountDownLatch(1);

    private StubLandingSteps() {}

    void reset() {
        calls.clear();
        testOutcome = TestOutcome.PASS;
        reverseDependencies.clear();
        holdFirst = null;
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(60, TimeUnit.SECONDS);
    }

    boolean awaitReleased() throws InterruptedException {
        return released.await(60, TimeUnit.SECONDS);
    }

    private void record(String step, String detail, boolean resuming, StepConsole console) throws InterruptedException {
        calls.add(step + (detail.isEmpty() ? "" : " " + detail) + " resuming=" + resuming);
        console.out().println("stub " + step + " " + detail);
        if (step.equals(holdFirst)
                && calls.stream().filter(c -> c.startsWith(step + " ")).count() == 1) {
            entered.countDown();
            gate.await();
        }
    }

    @Override
    public Set<String> knownSeries() {
        return Set.of("bookworm");
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) {}

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) throws Exception {
        record("allocatePpa", ticketId, false, console);
        return new Ppa("ci-pool-001");
    }

    @Override
    public String aptLine(Ppa ppa, String series) {
        return "deb [trusted=yes] http://127.0.0.1:1/" + ppa.name() + " " + series + " main";
    }

    @Override
    public BuildResult buildSource(
            Ppa ppa,
            SourceUpload upload,
            String series,
            Set<String> ignoredArchitectures,
            StepConsole console,
            boolean resuming)
            throws Exception {
        record(
                "buildSource",
                upload.source() + " " + upload.version() + " ignoring=" + ignoredArchitectures,
                resuming,
                console);
        console.state("STATUS", "building " + upload.key());
        Path log = Files.writeString(console.workDir().resolve("build.log"), "dpkg-buildpackage -us -uc\n");
        return new BuildResult(
                upload.source(),
                upload.version(),
                BuildResult.COMPLETED,
                null,
                List.of(upload.key() + "_amd64.deb"),
                List.of(new ArchivedFile(upload.key() + "/build.log", ArtifactType.LOGS, log.toString())));
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception {
        record("buildImage", series + " " + packages, resuming, console);
        return new TestImage("/var/cache/lander/" + series + "-" + ppa.name() + ".tar", series, false, List.of());
    }

    @Override
    public TestResult runAutopkgtest(
            TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming) throws Exception {
        record("runAutopkgtest", upload.source() + " on " + image.reference(), resuming, console);
        console.progress(1, 2, "greets");
        console.progress(2, 2, "smoke");
        boolean failing = testOutcome != TestOutcome.PASS;
        Path junit = Files.writeString(
                console.workDir().resolve("junit.xml"),
                "<testsuite name=\"autopkgtest " + upload.key()
                        + "\"><testcase classname=\"autopkgtest." + upload.source() + "\" name=\"greets\">"
                        + (failing ? "<failure message=\"non-zero exit status 1\"/>" : "") + "</testcase>"
                        + "<testcase classname=\"autopkgtest." + upload.source() + "\" name=\"smoke\"/></testsuite>");
        return new TestResult(
                upload.source(),
                upload.version(),
                failing ? 4 : 0,
                testOutcome,
                List.of(
                        new Verdict(
                                "greets", failing ? "FAIL" : "PASS", false, failing ? "non-zero exit status 1" : ""),
                        new Verdict("smoke", "PASS", true, "")),
                List.of(new ArchivedFile(
                        upload.key() + "/autopkgtest/junit.xml", ArtifactType.RESULTS, junit.toString())));
    }

    /** A Sources and amd64 Packages index where each reverse dependency has tests and a binary depending on {@code hello}. */
    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) {
        if (reverseDependencies.isEmpty()) {
            return List.of(); // as a backend that looks for none: the other tests' landings stay as they were
        }
        StringBuilder sources = new StringBuilder();
        StringBuilder packages = new StringBuilder();
        for (String r : reverseDependencies.keySet()) {
            sources.append("Package: ")
                    .append(r)
                    .append("\nBinary: ")
                    .append(r)
                    .append("-bin\nVersion: 1.0\n")
                    .append("Testsuite: autopkgtest\n\n");
            packages.append("Package: ")
                    .append(r)
                    .append("-bin\nSource: ")
                    .append(r)
                    .append("\nVersion: 1.0\nArchitecture: amd64\nDepends: libc6, hello\n\n");
        }
        return List.of(
                new ArchiveIndex(ArchiveIndex.ARCHIVE, sources.toString(), Map.of("amd64", packages.toString())));
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) {
        return Set.of("amd64");
    }

    @Override
    public TestResult runTriggeredTest(
            TestImage image,
            Ppa ppa,
            TriggeredTest test,
            Trigger trigger,
            boolean withTrigger,
            StepConsole console,
            boolean resuming)
            throws Exception {
        record(
                "runTriggeredTest",
                test.source() + (withTrigger ? " with " + trigger.key() : " without"),
                resuming,
                console);
        int exit = reverseDependencies.getOrDefault(test.source(), new int[] {0, 0})[withTrigger ? 0 : 1];
        return new TestResult(
                test.source(),
                test.version(),
                exit,
                TestOutcome.fromExitCode(exit),
                List.of(new Verdict(
                        "smoke", exit == 0 ? "PASS" : "FAIL", false, exit == 0 ? "" : "non-zero exit status 1")),
                List.of());
    }

    @Override
    public PublishResult publish(
            Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        record("publish", series + " " + uploads.stream().map(SourceUpload::key).toList(), resuming, console);
        return new PublishResult(uploads.stream().map(u -> u.key() + "_source").toList(), List.of());
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) throws Exception {
        record("releasePpa", ppa.name(), false, console);
        released.countDown();
    }
}
