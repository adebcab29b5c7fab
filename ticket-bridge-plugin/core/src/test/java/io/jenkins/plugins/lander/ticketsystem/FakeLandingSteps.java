package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.landing.TestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;

/**
 * The queue's tests' stand-in for the local Debian backend (which another module provides):
 * records every call, lets a test hold a build at a gate, and writes a real log file per step
 * for the Lander to archive. The end-to-end tests of the CLI use the real backend.
 */
final class FakeLandingSteps implements LandingSteps {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    /**
     * The archive's packages whose tests depend on the binary {@code hello}: source → the exit
     * codes of its tests {with the ticket's packages, without}. None by default.
     */
    final Map<String, int[]> reverseDependencies = new ConcurrentSkipListMap<>();

    /** A build of {@code source} that waits until the test opens it; {@code entered} says it is waiting. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
    }

    Gate hold(String source) {
        Gate g = new Gate();
        gates.put(source, g);
        return g;
    }

    /** The sources built, in order. */
    List<String> built() {
        return events.stream().filter(e -> e.startsWith("build ")).map(e -> e.split(" ")[1]).toList();
    }

    List<String> released() {
        return events.stream().filter(e -> e.startsWith("release ")).map(e -> e.split(" ")[1]).toList();
    }

    @Override
    public Set<String> knownSeries() {
        return Set.of("bookworm");
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) {
        events.add("reconcile " + liveTickets.stream().sorted().toList());
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) {
        events.add("allocate ppa-" + ticketId);
        return new Ppa("ppa-" + ticketId);
    }

    @Override
    public String aptLine(Ppa ppa, String series) {
        return "deb file:/nonexistent ./";
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        events.add("build " + upload.source() + " resuming=" + resuming);
        console.out().println("building " + upload.key() + " in " + ppa.name());
        Gate gate = gates.remove(upload.source());
        if (gate != null) {
            gate.entered.countDown();
            gate.open.await(); // interruptible: a cancel ends here
        }
        Path log = write(console, "build.log", "build of " + upload.key() + ": ok\n");
        return new BuildResult(upload.source(), upload.version(), BuildResult.COMPLETED, null, List.of(upload.key() + "_amd64.deb"),
                List.of(new ArchivedFile(upload.key() + "/build.log", ArtifactType.LOGS, log.toString())));
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming) {
        events.add("image " + ppa.name());
        return new TestImage("image-" + ppa.name(), series, false, List.of());
    }

    @Override
    public TestResult runAutopkgtest(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming)
            throws IOException {
        events.add("test " + upload.source());
        Path summary = write(console, "summary", "smoke PASS\n");
        return new TestResult(upload.source(), upload.version(), 0, TestOutcome.PASS, List.of(new Verdict("smoke", "PASS", false, "")),
                List.of(new ArchivedFile(upload.key() + "/autopkgtest/summary", ArtifactType.RESULTS, summary.toString())));
    }

    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) {
        if (reverseDependencies.isEmpty()) {
            return List.of();
        }
        StringBuilder sources = new StringBuilder();
        StringBuilder packages = new StringBuilder();
        for (String r : reverseDependencies.keySet()) {
            sources.append("Package: ").append(r).append("\nBinary: ").append(r).append("-bin\nVersion: 1.0\n")
                    .append("Testsuite: autopkgtest\n\n");
            packages.append("Package: ").append(r).append("-bin\nSource: ").append(r)
                    .append("\nVersion: 1.0\nArchitecture: amd64\nDepends: libc6, hello\n\n");
        }
        return List.of(new ArchiveIndex(ArchiveIndex.ARCHIVE, sources.toString(), Map.of("amd64", packages.toString())));
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) {
        return Set.of("amd64");
    }

    @Override
    public TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) {
        events.add("triggered " + test.source() + (withTrigger ? " with " + trigger.key() : " without"));
        int exit = reverseDependencies.getOrDefault(test.source(), new int[] {0, 0})[withTrigger ? 0 : 1];
        return new TestResult(test.source(), test.version(), exit, TestOutcome.fromExitCode(exit),
                List.of(new Verdict("smoke", exit == 0 ? "PASS" : "FAIL", false, exit == 0 ? "" : "non-zero exit status 1")),
                List.of());
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming) {
        events.add("publish " + ppa.name());
        return new PublishResult(uploads.stream().map(SourceUpload::key).toList(), List.of());
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) {
        events.add("release " + ppa.name());
    }

    private static Path write(StepConsole console, String name, String text) throws IOException {
        Path file = console.workDir().resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
