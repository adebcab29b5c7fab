package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The controller's side of a landing whose builds run on builders: the PPA pool (allocate,
 * release, reconcile) and the intake's archive check stay with the controller's backend, the apt
 * lines name the PPA service; building, the test image, the tests and publishing become {@link StepRequest}s that
 * an {@link AgentLauncher} runs on a builder. The files a result names are written into the
 * action's work directory here, so the session archives them as it archives local ones.
 *
 * <p>Triggered tests are the builder's too, the search for them included: the builder reads the
 * archive's indexes over HTTP from the PPA service (where the tests' packages come from) and,
 * when {@code mirrorTriggers}, the series' own index with its apt, so the controller runs no
 * Debian tool; its architectures and testbed key are the builder's answers to a {@code testbed}
 * request.
 */
public final class RemoteLandingSteps implements LandingSteps {
    private final LandingSteps controller;
    private final AgentLauncher launcher;
    private final String ppaService;
    private final boolean mirrorTriggers;

    /**
     * @param controller the backend that holds the pool and serves the PPAs (the PPA service)
     * @param ppaService the PPA service's base URL as the builders reach it; null when the PPAs are
     *     the controller backend's own, reachable from anywhere (Launchpad's), and the builders
     *     take the controller's apt lines
     * @param mirrorTriggers whether triggered tests are looked for in the series' own index too
     *     (the controller's {@code triggered_tests.mirror}), by the builder
     */
    public RemoteLandingSteps(LandingSteps controller, AgentLauncher launcher, String ppaService, boolean mirrorTriggers) {
        this.controller = controller;
        this.launcher = launcher;
        this.ppaService = ppaService;
        this.mirrorTriggers = mirrorTriggers;
    }

    @Override
    public Set<String> knownSeries() {
        return controller.knownSeries();
    }

    @Override
    public void checkUploads(String series, List<SourceUpload> uploads) throws InvalidSourceException, IOException {
        controller.checkUploads(series, uploads);
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        controller.reconcile(liveTickets, console);
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) throws Exception {
        return controller.allocatePpa(ticketId, console);
    }

    /** The PPA as the builders reach it, at the PPA service (unsigned, as every PPA of the pool). */
    @Override
    public String aptLine(Ppa ppa, String series) {
        if (ppaService == null) {
            return controller.aptLine(ppa, series);
        }
        return "deb [trusted=yes] " + ppaService.replaceFirst("/+$", "") + "/" + ppa.name() + " " + series + " main";
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) throws Exception {
        controller.releasePpa(ppa, console);
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        StepRequest request = request(StepRequest.BUILD_SOURCE + upload.key(), ppa, series, resuming, List.of(upload),
                new TreeSet<>(ignoredArchitectures).stream().toList(), List.of(), null);
        StepResult result = run(request, console);
        require(result.build(), request);
        return new BuildResult(result.build().source(), result.build().version(), result.build().state(),
                result.build().reason(), result.build().binaries(), unpack(result, result.build().files(), console));
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception {
        StepRequest request = request(StepRequest.BUILD_IMAGE, ppa, series, resuming, List.of(), List.of(), packages, null);
        StepResult result = run(request, console);
        require(result.image(), request);
        TestImage image = result.image();
        return new TestImage(image.reference(), image.series(), image.reused(), unpack(result, image.files(), console));
    }

    @Override
    public TestResult runAutopkgtest(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming)
            throws Exception {
        // the image's files were archived after build-image; the builder needs only where it is
        TestImage bare = new TestImage(image.reference(), image.series(), image.reused(), List.of());
        StepRequest request = request(StepRequest.RUN_AUTOPKGTEST + upload.key(), ppa, image.series(), resuming,
                List.of(upload), List.of(), List.of(), bare);
        return tested(run(request, console), request, console);
    }

    private static TestResult tested(StepResult result, StepRequest request, StepConsole console) throws IOException {
        require(result.test(), request);
        TestResult t = result.test();
        return new TestResult(t.source(), t.version(), t.exitCode(), t.outcome(), t.verdicts(), unpack(result, t.files(), console));
    }

    /** Asked of a builder: it reads the archive at the PPA service as the tests will install from it. */
    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) throws Exception {
        StepRequest request = question(StepRequest.FIND_TRIGGERED_TESTS, ppa, series, null);
        StepResult result = run(request, console);
        require(result.indexes(), request);
        return result.indexes();
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) throws Exception {
        return new TreeSet<>(testbed(ppa, series, null, console).architectures());
    }

    @Override
    public String testbedKey(Ppa ppa, String series, TriggeredTest test, StepConsole console) throws Exception {
        BuilderTestbed testbed = testbed(ppa, series, test, console);
        if (testbed.key() == null) {
            throw new IOException("the builder's answer to testbed for " + test.key() + " names no testbed key");
        }
        return testbed.key();
    }

    private BuilderTestbed testbed(Ppa ppa, String series, TriggeredTest test, StepConsole console) throws Exception {
        StepRequest request = question(StepRequest.TESTBED, ppa, series, test);
        StepResult result = run(request, console);
        require(result.testbed(), request);
        return result.testbed();
    }

    /** The ticket's PPA names the asking ticket, as in every request; the test makes the testbed question one per test. */
    private StepRequest question(String action, Ppa ppa, String series, TriggeredTest test) {
        return new StepRequest(action, null, series, ppa.name(), ppaService, aptLine(ppa, series), false, List.of(), List.of(),
                List.of(), List.of(), null, action.equals(StepRequest.FIND_TRIGGERED_TESTS) && mirrorTriggers, test, null, false);
    }

    /**
     * One run (with the trigger, or the baseline without) as its own request: the journal's
     * action name, the test, the trigger and {@code withTrigger} make its identity, so a request
     * re-sent after a restart re-attaches to that very run.
     */
    @Override
    public TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) throws Exception {
        TestImage bare = new TestImage(image.reference(), image.series(), image.reused(), List.of());
        StepRequest request = new StepRequest(StepRequest.RUN_TRIGGERED_TEST + test.key(), null, image.series(), ppa.name(),
                ppaService, aptLine(ppa, image.series()), resuming, List.of(), List.of(), List.of(), List.of(), bare, false,
                test, trigger, withTrigger);
        StepResult result = run(request, console);
        return tested(result, request, console);
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        StepRequest request = request(StepRequest.PUBLISH, ppa, series, resuming, uploads, List.of(), List.of(), null);
        StepResult result = run(request, console);
        require(result.publish(), request);
        return new PublishResult(result.publish().packages(), unpack(result, result.publish().files(), console));
    }

    private StepRequest request(String action, Ppa ppa, String series, boolean resuming, List<SourceUpload> uploads,
            List<String> ignored, List<String> packages, TestImage image) {
        List<StagedFile> files = new ArrayList<>();
        for (SourceUpload u : uploads) {
            for (SourceFile f : u.files()) {
                if (files.stream().noneMatch(s -> s.name().equals(f.name()))) {
                    files.add(new StagedFile(f.name(), f.size(), f.sha256(), f.path().toAbsolutePath().toString()));
                }
            }
        }
        List<String> descriptors = uploads.stream().map(u -> u.descriptor().getFileName().toString()).toList();
        // the backend calls do not name the ticket: the PPA service knows it by the PPA's reservation
        return new StepRequest(action, null, series, ppa.name(), ppaService, aptLine(ppa, series),
                resuming, descriptors, files, ignored, packages, image);
    }

    private StepResult run(StepRequest request, StepConsole console) throws Exception {
        String json = request.toJson();
        StepResult result = StepResult.parse(launcher.run(request.action(), json, console));
        // by the request's identity, which leaves resuming out: a request re-sent after a restart
        // re-attaches to the result of the attempt that ran meanwhile
        if (!request.action().equals(result.action()) || !request.sha256().equals(result.requestSha256())) {
            throw new IOException("the builder answered " + result.action() + " for another request than " + request.action());
        }
        if (result.error() != null) {
            throw new IOException(request.action() + " failed on the builder: " + result.error());
        }
        return result;
    }

    private static void require(Object record, StepRequest request) throws IOException {
        if (record == null) {
            throw new IOException("the builder's result of " + request.action() + " carries no result");
        }
    }

    /** Writes the files the result carries into the action's work directory and names them there. */
    private static List<ArchivedFile> unpack(StepResult result, List<ArchivedFile> named, StepConsole console) throws IOException {
        Map<String, byte[]> carried = new HashMap<>();
        for (ResultFile f : result.files()) {
            carried.put(f.path(), Base64.getDecoder().decode(f.base64()));
        }
        Path dir = Files.createDirectories(console.workDir().resolve("from-builder"));
        List<ArchivedFile> local = new ArrayList<>();
        int i = 0;
        for (ArchivedFile f : named) {
            byte[] bytes = carried.get(f.path());
            if (bytes == null) {
                continue;
            }
            // the builder's path is only a key: its last part, made plain, names the local copy
            String base = Path.of(f.path()).getFileName().toString().replaceAll("[^A-Za-z0-9.+~_-]", "_");
            Path copy = dir.resolve(String.format("%02d-%s", i++, base));
            Files.write(copy, bytes);
            local.add(new ArchivedFile(f.name(), f.type(), copy.toString()));
        }
        return local;
    }
}
