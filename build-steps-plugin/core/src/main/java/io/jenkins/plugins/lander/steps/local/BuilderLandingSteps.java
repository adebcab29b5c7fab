package io.jenkins.plugins.lander.steps.local;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.autopkgtest.AutopkgtestRunner;
import io.jenkins.plugins.lander.steps.build.SbuildSourceBuilder;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import io.jenkins.plugins.lander.steps.image.ImageCache;
import io.jenkins.plugins.lander.steps.image.MmdebstrapImageBuilder;
import io.jenkins.plugins.lander.steps.service.RemotePpaBackend;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.io.IOException;
import java.net.URI;
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
 */
public final class BuilderLandingSteps implements LandingSteps {
    private final LocalConfig config;
    private final RemotePpaBackend ppas;
    private final SbuildSourceBuilder builder;
    private final MmdebstrapImageBuilder images;
    private final AutopkgtestRunner tests;

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
        // the Lander's archive is on the PPA host; a builder sees the mirror's suites and its PPA
        io.jenkins.plugins.lander.steps.repo.AptSources sources = new io.jenkins.plugins.lander.steps.repo.AptSources(
                config.mirror(), config.updates(), config.security().orElse(null), null);
        this.builder = new SbuildSourceBuilder(testbeds.forBuilds(), ppas, sources, runner, arch);
        this.images = new MmdebstrapImageBuilder(
                new ImageCache(config.cacheDir().resolve("images"), ImageCache.DEFAULT_KEPT), bases, ppas, sources,
                s -> "", runner);
        this.tests = new AutopkgtestRunner(testbeds, ppas, sources, runner);
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

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        return ppas.publish(ppa, series, uploads, console, resuming);
    }
}
