package io.jenkins.plugins.lander.steps.launchpad;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.LandingBackend;
import io.jenkins.plugins.lander.steps.autopkgtest.AutopkgtestRunner;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import io.jenkins.plugins.lander.steps.image.ImageCache;
import io.jenkins.plugins.lander.steps.image.MmdebstrapImageBuilder;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.ppa.PpaPool;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The landing's actions on Launchpad: a pool of PPAs of one account ({@link LaunchpadPpaBackend}
 * under the same {@link PpaPool} as the local backend), builds by Launchpad's builders
 * ({@link LaunchpadSourceBuilder}), publication by {@code copyPackage} ({@link LaunchpadPublisher});
 * the test image and the tests run on this machine (mmdebstrap, autopkgtest on the chosen
 * testbed, {@link TestbedChoice}) against the PPA as Launchpad serves it to apt.
 *
 * <p>Layout: {@code DATA/launchpad/pool.json} (the pool's state), {@code DATA/launchpad/downloads/}
 * (binaries fetched for the tests); images and base tarballs in the local cache.
 */
public final class LaunchpadLandingSteps implements LandingBackend {
    private final LaunchpadConfig config;
    private final ProcessRunner runner;
    private final PpaPool pool;
    private final LaunchpadPpaBackend ppas;
    private final LaunchpadSourceBuilder builder;
    private final MmdebstrapImageBuilder images;
    private final AutopkgtestRunner tests;
    private final LaunchpadPublisher publisher;

    /**
     * @param local where images and base tarballs are cached and the Debian mirror they come from
     * @param dataDir this backend's state
     * @param dputCodenames dput-ng's distro-info check of the series ({@code ubuntu}), or empty for none
     * @param testbed the chosen testbed kind, or empty for the default rule
     * @param nova the Nova testbed, made when nova is chosen and first used
     */
    public LaunchpadLandingSteps(LaunchpadConfig config, LaunchpadClient lp, LocalConfig local, Path dataDir,
            ProcessRunner runner, Pacer pacer, String dputCodenames, Optional<TestbedKind> testbed, Supplier<Testbed> nova)
            throws IOException, InterruptedException {
        this.config = config;
        this.runner = runner;
        this.ppas = new LaunchpadPpaBackend(lp, config, pacer, dataDir.resolve("downloads"));
        this.pool = new PpaPool(dataDir.resolve("pool.json"), config.poolSize(), ppas, config.series());
        this.builder = new LaunchpadSourceBuilder(lp, config, ppas, runner, pacer, dputCodenames);
        String arch = io.jenkins.plugins.lander.steps.local.LocalLandingSteps.hostArchitecture(runner);
        BaseTarballs bases = new BaseTarballs(local.cacheDir(), local.mirror(), arch, runner);
        // the target archive is Launchpad's: tests see the mirror's suites and the PPA
        io.jenkins.plugins.lander.steps.repo.AptSources sources = new io.jenkins.plugins.lander.steps.repo.AptSources(
                local.mirror(), local.updates(), local.security().orElse(null), null);
        this.images = new MmdebstrapImageBuilder(
                new ImageCache(local.cacheDir().resolve("images"), ImageCache.DEFAULT_KEPT), bases, ppas, sources,
                s -> "", runner);
        this.tests = new AutopkgtestRunner(
                TestbedChoice.onThisMachine(testbed, bases, local.cacheDir(), local.mirror(), arch, runner, nova), ppas, sources,
                runner);
        this.publisher = new LaunchpadPublisher(lp, config, ppas, pacer);
    }

    public LaunchpadConfig config() {
        return config;
    }

    @Override
    public int poolSize() {
        return config.poolSize();
    }

    @Override
    public ToolClock toolClock() {
        return runner.clock();
    }

    @Override
    public Set<String> knownSeries() {
        return new TreeSet<>(config.series());
    }

    @Override
    public void checkUploads(String series, List<SourceUpload> uploads) throws InvalidSourceException, IOException {
        for (SourceUpload u : uploads) {
            if (publisher.published(u.source(), u.version()).isPresent()) {
                throw new InvalidSourceException(u.source() + " " + u.version() + " is already in " + config.target()
                        + "; upload a new version");
            }
        }
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        pool.reconcile(liveTickets, console);
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) throws Exception {
        return pool.allocate(ticketId, console);
    }

    @Override
    public String aptLine(Ppa ppa, String series) {
        return ppas.aptLine(ppa.name(), series);
    }

    @Override
    public BuildResult buildSource(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        return builder.build(ppa, upload, requireSeries(series), ignoredArchitectures, console, resuming);
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception {
        return images.build(ppa, requireSeries(series), packages, console, resuming);
    }

    @Override
    public TestResult runAutopkgtest(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console,
            boolean resuming) throws Exception {
        return tests.run(image, ppa, upload, console);
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console,
            boolean resuming) throws Exception {
        return publisher.publish(ppa, requireSeries(series), uploads, console, resuming);
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) throws Exception {
        pool.release(ppa.name(), console);
    }

    /** The pool as its state file has it. */
    public PpaPool pool() {
        return pool;
    }

    private String requireSeries(String series) {
        if (!config.series().contains(series)) {
            throw new IllegalArgumentException("unknown series '" + series + "'; this Lander lands on " + knownSeries());
        }
        return series;
    }

    @Override
    public void close() {}
}
