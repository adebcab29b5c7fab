package io.jenkins.plugins.lander.steps.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.repo.AptSources;
import io.jenkins.plugins.lander.steps.repo.StateFile;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test images as mmdebstrap tarballs: the base recipe, the series' {@link AptSources} (the Debian
 * suites, the Lander's archive) and the PPA as apt sources, the requested packages installed, and the apt lists kept (a testbed without lists
 * cannot install test dependencies: autopkgtest then reports badpkg).
 *
 * <p>An image is cached under {@code CACHE/images/} by a digest of everything it is made of
 * (series, mirror, the Debian suites, base tarball, the PPA's and the archive's published indexes when
 * packages are installed, the package list; not
 * the PPA's name, as the testbed is pointed at the current PPA when tests start), so a second
 * ticket with the same inputs reuses it. The image is built from the mirror with the base's
 * recipe rather than unpacked from the base tarball: mmdebstrap's {@code tar-in} of the 450 MB
 * base measured slower than a fresh bootstrap (see docs/steps.md).
 */
public final class MmdebstrapImageBuilder implements ImageBuilder {
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    /** mmdebstrap's "I:" lines in the order it prints them: the image build's progress. */
    private static final List<String> PHASES = List.of("running apt-get update", "downloading packages",
            "extracting archives", "installing essential packages", "installing remaining packages",
            "creating tarball", "success");
    private static final String RECIPE = "v1 --variant=buildd --skip=cleanup/apt/lists";

    private final ImageCache cache;
    private final BaseTarballs bases;
    private final PpaBackend ppas;
    private final ProcessRunner runner;
    private final AptSources sources;
    private final ArchiveDigest archive;

    /** A digest of what the Lander's archive of a series publishes (an image that installs packages depends on it). */
    @FunctionalInterface
    public interface ArchiveDigest {
        String of(String series) throws Exception;
    }

    public MmdebstrapImageBuilder(ImageCache cache, BaseTarballs bases, PpaBackend ppas, AptSources sources,
            ArchiveDigest archive, ProcessRunner runner) {
        this.cache = cache;
        this.bases = bases;
        this.ppas = ppas;
        this.sources = sources;
        this.archive = archive;
        this.runner = runner;
    }

    @Override
    public TestImage build(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception {
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("not a binary package name: '" + p + "'");
            }
        }
        List<String> sorted = packages.stream().distinct().sorted().toList();
        ObjectNode manifest = manifest(ppa, series, sorted, console);
        String key = digest(manifest);
        Path image = cache.image(series, key);
        Path manifestFile = cache.manifest(series, key);
        Path log = console.workDir().resolve("image").resolve("mmdebstrap.log");
        boolean built = new StateFile(image).locked(() -> {
            if (Files.isRegularFile(image)) {
                console.out().println("reusing test image " + image + " (same series, base, PPA content and packages)");
                cache.markUsed(image);
                return false;
            }
            bootstrap(ppa, series, sorted, image, log, console);
            new StateFile(manifestFile).write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            cache.evict(console.out()::println);
            return true;
        });
        List<ArchivedFile> files = new ArrayList<>();
        files.add(new ArchivedFile("image/manifest.json", ArtifactType.IMAGE, manifestFile.toString()));
        if (built) {
            files.add(new ArchivedFile("image/mmdebstrap.log", ArtifactType.LOGS, log.toString()));
        }
        return new TestImage(image.toString(), series, !built, files);
    }

    private ObjectNode manifest(Ppa ppa, String series, List<String> packages, StepConsole console) throws Exception {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("recipe", RECIPE);
        m.put("series", series);
        m.put("mirror", bases.mirror());
        m.put("base_sha256", bases.digest(series, console));
        // the Debian suites, not the Lander's archive: its URL changes with the server's port
        m.putPOJO("debian_sources", sources.debian(series));
        if (!packages.isEmpty()) {
            // only installed packages tie the image to the PPA's and the archive's content: test
            // dependencies come from them at test time (the runner's setup commands point at them and update)
            m.put("ppa_content_sha256", ppas.contentDigest(ppa.name(), series));
            m.put("archive_content_sha256", archive.of(series));
        }
        m.putPOJO("packages", packages);
        return m;
    }

    private static String digest(ObjectNode manifest) throws Exception {
        byte[] canonical = Json.MAPPER.writeValueAsBytes(manifest);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 16);
    }

    private void bootstrap(Ppa ppa, String series, List<String> packages, Path image, Path log, StepConsole console)
            throws Exception {
        Files.createDirectories(cache.dir());
        Files.createDirectories(log.getParent());
        // per process: a tool orphaned by a killed Lander of another data directory may still be
        // writing its own partial file of the same image
        Path partial = image.resolveSibling(image.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Files.deleteIfExists(partial); // left by a crash: a half-written tarball is never used
        List<String> include = new ArrayList<>(BaseTarballs.BASE_PACKAGES);
        include.addAll(packages);
        List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--mode=unshare", "--variant=buildd",
                "--include=" + String.join(",", include), "--skip=cleanup/apt/lists", "--format=tar", series,
                partial.toString()));
        argv.addAll(sources.all(series));
        argv.add(ppas.aptLine(ppa.name(), series));
        console.out().println("building test image " + image.getFileName() + ": " + series + " + " + ppa.name()
                + (packages.isEmpty() ? "" : " + " + String.join(" ", packages)));
        ProcessRunner.Result r;
        try (PrintStream logOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            r = runner.run(Command.of(argv), line -> {
                logOut.println(line);
                console.out().println(line);
                phase(line, console);
            });
        }
        if (!r.ok()) {
            Files.deleteIfExists(partial);
            throw new IOException("mmdebstrap could not build the test image (exit " + r.exitCode() + "): "
                    + String.join(" | ", r.tail().subList(Math.max(0, r.tail().size() - 5), r.tail().size())));
        }
        Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void phase(String line, StepConsole console) {
        for (int i = 0; i < PHASES.size(); i++) {
            if (line.startsWith("I: ") && line.contains(PHASES.get(i))) {
                console.progress(i + 1, PHASES.size(), PHASES.get(i));
            }
        }
    }
}
