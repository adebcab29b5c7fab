package io.jenkins.plugins.lander.steps.local;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.steps.LandingBackend;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.autopkgtest.AutopkgtestRunner;
import io.jenkins.plugins.lander.steps.build.SbuildSourceBuilder;
import io.jenkins.plugins.lander.steps.build.SourceBuilder;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import io.jenkins.plugins.lander.steps.image.ImageBuilder;
import io.jenkins.plugins.lander.steps.image.ImageCache;
import io.jenkins.plugins.lander.steps.image.MmdebstrapImageBuilder;
import io.jenkins.plugins.lander.steps.ppa.AptlyPpaBackend;
import io.jenkins.plugins.lander.steps.ppa.PoolEntry;
import io.jenkins.plugins.lander.steps.ppa.PpaPool;
import io.jenkins.plugins.lander.steps.ppa.PpaState;
import io.jenkins.plugins.lander.steps.publish.ArchivePackage;
import io.jenkins.plugins.lander.steps.publish.PublishedIndex;
import io.jenkins.plugins.lander.steps.publish.Publisher;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import io.jenkins.plugins.lander.steps.repo.AptSources;
import io.jenkins.plugins.lander.steps.repo.BaseArchive;
import io.jenkins.plugins.lander.source.DebianVersion;
import io.jenkins.plugins.lander.steps.repo.Aptly;
import io.jenkins.plugins.lander.steps.service.PpaService;
import io.jenkins.plugins.lander.steps.repo.RepositoryServer;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The landing's actions on this machine's Debian tools: an aptly PPA pool served on the loopback
 * interface, sbuild, mmdebstrap, autopkgtest on a {@link Testbed} (unshare by default, qemu for
 * tests that need a whole machine, or the one chosen: {@link TestbedChoice}) and an aptly archive.
 *
 * <p>Layout: {@code DATA/repos/} holds aptly's configuration and database, the pool state
 * ({@code pool.json}) and the archive ledger ({@code archive-ledger.json}); the cache directory
 * holds base tarballs ({@code base/}) and test images ({@code images/}). Close it to stop the
 * repository server.
 */
public final class LocalLandingSteps implements LandingBackend {
    private final LocalConfig config;
    private final ProcessRunner runner;
    private final RepositoryServer server;
    private final PpaPool pool;
    private final SourceBuilder builder;
    private final ImageBuilder images;
    private final TestbedChoice testbeds;
    private final AutopkgtestRunner tests;
    private final Publisher publisher;
    private final AptlyPpaBackend ppas;
    private final BaseArchive base;
    private final String architecture;
    private final Aptly aptly;
    private final BaseTarballs bases;

    public LocalLandingSteps(LocalConfig config) throws IOException, InterruptedException {
        this(config, new ProcessRunner(new ToolClock()));
    }

    /** @param runner runs every external tool; its clock tells how long they took */
    public LocalLandingSteps(LocalConfig config, ProcessRunner runner) throws IOException, InterruptedException {
        this(config, runner, Optional.empty(), TestbedChoice::noNova);
    }

    /**
     * @param testbed the chosen testbed kind, or empty for the default (unshare; qemu for tests
     *     that need {@code isolation-machine})
     * @param nova the Nova testbed, made when nova is chosen and first used
     */
    public LocalLandingSteps(LocalConfig config, ProcessRunner runner, Optional<TestbedKind> testbed,
            Supplier<Testbed> nova) throws IOException, InterruptedException {
        this.config = config;
        this.runner = runner;
        String arch = hostArchitecture(runner);
        Path repos = reposDir(config);
        Aptly aptly = new Aptly(repos, runner, arch);
        this.server = new RepositoryServer(aptly.publicDir(), config.ppaSocketAddress());
        AptlyPpaBackend ppas = new AptlyPpaBackend(aptly, server.baseUri(), arch);
        BaseTarballs bases = new BaseTarballs(config.cacheDir(), config.mirror(), arch, runner);
        this.pool = new PpaPool(poolFile(config), config.poolSize(), ppas, config.series());
        this.testbeds = TestbedChoice.onThisMachine(testbed, bases, config.cacheDir(), config.mirror(), arch, runner, nova);
        AptSources sources = new AptSources(config.mirror(), config.updates(), config.security().orElse(null),
                URI.create(server.baseUri() + "/" + Publisher.ARCHIVE_PREFIX));
        this.builder = new SbuildSourceBuilder(testbeds.forBuilds(), ppas, sources, runner, arch);
        this.images = new MmdebstrapImageBuilder(
                new ImageCache(config.cacheDir().resolve("images"), ImageCache.DEFAULT_KEPT), bases, ppas, sources,
                series -> ppas.contentDigest(Publisher.ARCHIVE_PREFIX, series), runner);
        this.tests = new AutopkgtestRunner(testbeds, ppas, sources, runner);
        this.publisher = new Publisher(aptly, repos.resolve("archive-ledger.json"));
        this.ppas = ppas;
        this.base = new BaseArchive(runner);
        this.architecture = arch;
        this.aptly = aptly;
        this.bases = bases;
    }

    /** The architecture dpkg builds for on this machine. */
    public static String hostArchitecture(ProcessRunner runner) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        ProcessRunner.Result r = runner.run(Command.of("dpkg", "--print-architecture"), out::add);
        if (!r.ok() || out.isEmpty()) {
            throw new IOException("dpkg --print-architecture failed: is this a Debian system? " + out);
        }
        return out.get(0).trim();
    }

    /**
     * Serves the PPA service's API ({@link PpaService}) beside the published tree, for builders
     * on other hosts; {@code token} is the bearer token they must send.
     */
    public void servePpaService(String token) {
        new PpaService(reposDir(config).resolve("incoming"), token, ppas, new PpaService.Host() {
            @Override
            public boolean reserved(String ppa) throws Exception {
                return pool.entries().stream().anyMatch(e -> e.name().equals(ppa) && e.state() == PpaState.RESERVED);
            }

            @Override
            public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console,
                    boolean resuming) throws Exception {
                return LocalLandingSteps.this.publish(ppa, series, uploads, console, resuming);
            }
        }).serveOn(server);
    }

    /** The base URL the PPAs are served at (the PPA service's address when one is configured). */
    public java.net.URI ppaServiceUri() {
        return server.baseUri();
    }

    public LocalConfig config() {
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
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        pool.reconcile(liveTickets, console);
        testbeds.reconcile(liveTickets, console);
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) throws Exception {
        for (String series : config.series()) {
            publisher.ensureArchive(series, console.out()::println);
        }
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
        return tests.run(image, ppa, upload, console, ticketOf(ppa));
    }

    /**
     * The series' archive as published (its uncompressed indexes; empty before anything was
     * published) and, when {@link LocalConfig#mirrorTriggers}, the series' own indexes.
     */
    @Override
    public List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) throws IOException, InterruptedException {
        Path dists = archiveDir().resolve("dists").resolve(requireSeries(series)).resolve("main");
        Map<String, String> packages = new TreeMap<>();
        for (String arch : List.of(architecture, "all")) {
            Path index = dists.resolve("binary-" + arch).resolve("Packages");
            if (Files.isRegularFile(index)) {
                packages.put(arch, Files.readString(index, StandardCharsets.UTF_8));
            }
        }
        Path sources = dists.resolve("source").resolve("Sources");
        String text = Files.isRegularFile(sources) ? Files.readString(sources, StandardCharsets.UTF_8) : "";
        console.out().println("looking for triggered tests in " + dists + " (" + text.split("\n\n").length
                + " source stanzas)");
        return base.triggerIndexes(new ArchiveIndex(ArchiveIndex.ARCHIVE, text, packages), config.mirrorTriggers(), series,
                architecture, console.out()::println);
    }

    @Override
    public Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) {
        return Set.of(architecture);
    }

    /** {@link TestbedChoice#baselineKey}. */
    @Override
    public String testbedKey(Ppa ppa, String series, TriggeredTest test, StepConsole console) throws Exception {
        return testbeds.baselineKey(requireSeries(series), architecture, bases, console);
    }

    /**
     * On the series' base tarball (the same testbed with and without the trigger, so the two runs
     * differ by the trigger's packages alone), with the series' apt sources (mirror, -updates,
     * -security, this Lander's archive); the tested source's {@code .dsc} comes from the archive's pool,
     * or from the mirror ({@code apt-get source}) for a test found in the series' own index.
     */
    @Override
    public TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) throws Exception {
        String series = requireSeries(image.series());
        Path dsc = switch (test.origin()) {
            case ArchiveIndex.ARCHIVE -> archiveDsc(test);
            case ArchiveIndex.MIRROR -> base.download(test.source(), test.version(),
                    console.workDir().resolve("triggered-sources").resolve(test.source() + "_" + test.version()),
                    console.out()::println);
            default -> throw new IllegalArgumentException(test.key() + ": unknown origin '" + test.origin() + "'");
        };
        TestImage tarball = new TestImage(bases.path(series, console).toString(), series, true, List.of());
        return tests.runTriggered(tarball, ppa, test, trigger, withTrigger, dsc, console, ticketOf(ppa));
    }

    /** The tested version's {@code .dsc} in the archive's pool ({@code pool/main/b/bb/bb_1.0.dsc}). */
    private Path archiveDsc(TriggeredTest test) throws IOException {
        String name = test.source() + "_" + test.version().replaceFirst("^[0-9]+:", "") + ".dsc";
        Path pool = archiveDir().resolve("pool");
        if (Files.isDirectory(pool)) {
            try (var files = Files.walk(pool)) {
                Optional<Path> dsc = files.filter(f -> f.getFileName().toString().equals(name) && Files.isRegularFile(f))
                        .findFirst();
                if (dsc.isPresent()) {
                    return dsc.get();
                }
            }
        }
        throw new IOException(test.sourceKey() + " has no " + name + " in the archive's pool " + pool);
    }

    private Path archiveDir() {
        return aptly.publicDir().resolve(Publisher.ARCHIVE_PREFIX);
    }

    @Override
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console,
            boolean resuming) throws Exception {
        return publisher.publish(ppa, ticketOf(ppa), requireSeries(series), uploads, console, resuming);
    }

    private String ticketOf(Ppa ppa) throws Exception {
        return pool.entries().stream()
                .filter(e -> e.name().equals(ppa.name()) && e.state() == PpaState.RESERVED)
                .map(PoolEntry::ticketId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "PPA " + ppa.name() + " is not reserved by a ticket: nothing of it can be tested or published"));
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) throws Exception {
        pool.release(ppa.name(), console);
    }

    /**
     * Refuses an upload whose version is not newer than what the series has, in the Lander's
     * archive or in the base Debian archive (as dak and Launchpad refuse it): a rebuild of the
     * same version would clash with the testbed's packages of that version.
     */
    @Override
    public void checkUploads(String series, List<SourceUpload> uploads) throws InvalidSourceException, IOException {
        List<ArchivePackage> landed = archive(config, series);
        for (SourceUpload u : uploads) {
            Optional<String> ours = landed.stream()
                    .filter(p -> p.architecture().equals("source") && p.name().equals(u.source()))
                    .map(ArchivePackage::version)
                    .max(DebianVersion.ORDER);
            refuseUnlessNewer(u, ours, "the Lander's " + series + " archive");
            try {
                refuseUnlessNewer(u, base.newest(series, u.source()), series);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the " + series + " archive's versions", e);
            }
        }
    }

    private static void refuseUnlessNewer(SourceUpload u, Optional<String> have, String where)
            throws InvalidSourceException {
        if (have.isPresent() && !DebianVersion.newer(u.version(), have.get())) {
            throw new InvalidSourceException(u.source() + " " + u.version() + " is not newer than " + have.get() + " in "
                    + where + "; upload a newer version");
        }
    }

    /**
     * What the series' archive publishes, read from its indexes: no aptly call and no backend, so
     * {@code lander archive list} never waits for a landing.
     */
    public static List<ArchivePackage> archive(LocalConfig config, String series) throws IOException {
        return PublishedIndex.read(reposDir(config).resolve("db").resolve("public").resolve(Publisher.ARCHIVE_PREFIX)
                .resolve("dists").resolve(series));
    }

    /** The PPA pool as its state file has it, without starting a backend ({@code lander pool}). */
    public static List<PoolEntry> pool(LocalConfig config) throws IOException {
        return PpaPool.read(poolFile(config), config.poolSize());
    }

    private static Path reposDir(LocalConfig config) {
        return config.dataDir().resolve("repos");
    }

    private static Path poolFile(LocalConfig config) {
        return reposDir(config).resolve("pool.json");
    }

    private String requireSeries(String series) {
        if (!config.series().contains(series)) {
            throw new IllegalArgumentException("unknown series '" + series + "'; this Lander lands on " + knownSeries());
        }
        return series;
    }

    @Override
    public void close() {
        server.close();
    }
}
