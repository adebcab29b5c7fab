package io.jenkins.plugins.lander.steps.local;

import io.jenkins.plugins.lander.exec.ProcessRunner;
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
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.autopkgtest.AutopkgtestRunner;
import io.jenkins.plugins.lander.steps.build.SbuildSourceBuilder;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import io.jenkins.plugins.lander.steps.image.ImageCache;
import io.jenkins.plugins.lander.steps.image.MmdebstrapImageBuilder;
import io.jenkins.plugins.lander.steps.publish.Publisher;
import io.jenkins.plugins.lander.steps.repo.AptSources;
import io.jenkins.plugins.lander.steps.repo.BaseArchive;
import io.jenkins.plugins.lander.steps.service.RemotePpaBackend;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A builder's backend ({@code lander step}): sbuild, mmdebstrap and autopkgtest on this machine,
 * as {@link LocalLandingSteps} runs them, against the PPAs of a PPA service on another host. The
 * builder keeps its base tarballs and images in its own cache and fetches nothing but over HTTP;
 * the pool and the archive are the PPA host's.
 *
 * <p>Triggered tests run here too: the archive's indexes and the tested sources come from the
 * archive as the PPA service serves it, the series' own index (when the controller asks for it)
 * from this machine's apt, and a triggered test's testbed has the archive among its apt sources,
 * as every build and testbed here has.
 */
public final class BuilderLandingSteps implements LandingSteps {
    private final LocalConfig config;
    private final RemotePpaBackend ppas;
    private final SbuildSourceBuilder builder;
    private final MmdebstrapImageBuilder images;
    private final AutopkgtestRunner tests;
    private final TestbedChoice testbeds;
    private final BaseTarballs bases;
    private final BaseArchive base;
    private final String architecture;

    /**
     * @param config the builder's data directory, cache, mirror and series
     * @param service the PPA service's base URL
     * @param token the PPA service's write token
     * @param testbed the chosen testbed kind, or empty for the default rule
     * @param nova the Nova testbed, made when nova is chosen and first used
     */
    public BuilderLandingSteps(LocalConfig config, ProcessRunner runner, URI service, String token, String series,
            Optional<TestbedKind> testbed, Supplier<Testbed> nova) throws IOException, InterruptedException {
        this.config = config;
        String arch = LocalLandingSteps.hostArchitecture(runner);
        this.ppas = new RemotePpaBackend(service, token, series, arch, config.dataDir().resolve("downloads"));
        BaseTarballs bases = new BaseTarballs(config.cacheDir(), config.mirror(), arch, runner);
        TestbedChoice testbeds = TestbedChoice.onThisMachine(testbed, bases, config.cacheDir(), config.mirror(), arch, runner, nova);
        // as on the PPA host, every build, image and test sees the Lander's archive (served by the
        // PPA service) beside the mirror's suites and the PPA, so a package builds and tests against
        // what earlier tickets landed; the image is cached by the archive's state, as there
        AptSources sources = new AptSources(config.mirror(), config.updates(), config.security().orElse(null),
                ppas.archiveUrl());
        this.builder = new SbuildSourceBuilder(testbeds.forBuilds(), ppas, sources, runner, arch);
        this.images = new MmdebstrapImageBuilder(
                new ImageCache(config.cacheDir().resolve("images"), ImageCache.DEFAULT_KEPT), bases, ppas, sources,
                s -> ppas.contentDigest(Publisher.ARCHIVE_PREFIX, s), runner);
        this.tests = new AutopkgtestRunner(testbeds, ppas, sources, runner);
        this.testbeds = testbeds;
        this.bases = bases;
        this.base = new BaseArchive(runner);
        this.architecture = arch;
    }

    @Override
    public Set<String> knownSeries() {
        return new TreeSet<>(config.series());
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) {
        throw poolIsElsewhere();
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) {
        throw poolIsElsewhere();
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) {
        throw poolIsElsewhere();
    }

    private static UnsupportedOperationException poolIsElsewhere() {
        return new UnsupportedOperationException("the PPA pool lives on the PPA host; a builder only builds, tests and publishes");
    }

    @Override
    public String aptLine(Ppa ppa, String series) {
        return ppas.aptLine(ppa.name(), series);
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        return builder.build(ppa, upload, series, ignoredArchitectures, console, resuming);
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception {
        return images.build(ppa, series, packages, console, resuming);
    }

    @Override
    public TestResult runAutopkgtest(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming)
            throws Exception {
        return tests.run(image, ppa, upload, console);
    }

    /** The archive's indexes from the PPA service and, when {@link LocalConfig#mirrorTriggers}, the series' own. */
    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) throws Exception {
        return base.triggerIndexes(ppas.archiveIndex(console.out()::println), config.mirrorTriggers(), series, architecture,
                console.out()::println);
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) {
        return Set.of(architecture);
    }

    /** {@link TestbedChoice#baselineKey}: this builder's testbed and base tarball. */
    @Override
    public String testbedKey(Ppa ppa, String series, TriggeredTest test, StepConsole console) throws Exception {
        return testbeds.baselineKey(series, architecture, bases, console);
    }

    /**
     * As {@link LocalLandingSteps#runTriggeredTest} runs it, on this builder's base tarball; the
     * tested source is downloaded from the archive at the PPA service (checked against its
     * Sources index) or from the mirror.
     */
    @Override
    public TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) throws Exception {
        Path dir = console.workDir().resolve("triggered-sources").resolve(test.sourceKey());
        Path dsc = switch (test.origin()) {
            case ArchiveIndex.ARCHIVE -> ppas.archiveSource(test.source(), test.version(), dir, console.out()::println);
            case ArchiveIndex.MIRROR -> base.download(test.source(), test.version(), dir, console.out()::println);
            default -> throw new IllegalArgumentException(test.key() + ": unknown origin '" + test.origin() + "'");
        };
        TestImage tarball = new TestImage(bases.path(image.series(), console).toString(), image.series(), true, List.of());
        return tests.runTriggered(tarball, ppa, test, trigger, withTrigger, dsc, console, "local");
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        return ppas.publish(ppa, series, uploads, console, resuming);
    }
}
