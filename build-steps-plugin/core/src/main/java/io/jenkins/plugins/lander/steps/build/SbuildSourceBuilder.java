package io.jenkins.plugins.lander.steps.build;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.ControlFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.repo.AptSources;
import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds with sbuild in the {@link Testbed}'s chroot for the series, with the PPA as an extra
 * repository so an upload can build-depend on an earlier upload of the same
 * ticket, and the series' other {@link AptSources} (-updates, -security, the Lander's archive) so
 * it can build-depend on what earlier tickets landed. The source goes into the PPA first (as a dput would), the binaries after a successful
 * build; the build log is kept in both outcomes.
 */
public final class SbuildSourceBuilder implements SourceBuilder {
    private final Testbed testbed;
    private final PpaBackend ppas;
    private final ProcessRunner runner;
    private final String hostArchitecture;
    private final AptSources sources;

    public SbuildSourceBuilder(Testbed testbed, PpaBackend ppas, AptSources sources, ProcessRunner runner,
            String hostArchitecture) {
        this.testbed = testbed;
        this.ppas = ppas;
        this.sources = sources;
        this.runner = runner;
        this.hostArchitecture = hostArchitecture;
    }

    @Override
    public BuildResult build(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        String key = upload.key();
        Path dir = console.workDir().resolve("build").resolve(key);
        console.state("WAITING", key + " queued for " + ppa.name());
        if (resuming) {
            Optional<BuildResult> done = alreadyBuilt(ppa, upload, dir, console);
            if (done.isPresent()) {
                return done.get();
            }
        }
        ppas.include(ppa.name(), List.of(upload.dsc()), console.out()::println);
        boolean archAny = buildsOn(upload.architectures(), hostArchitecture) && !ignoredArchitectures.contains(hostArchitecture);
        boolean archAll = upload.architectures().contains("all") && !ignoredArchitectures.contains("all");
        if (!archAny && !archAll) {
            String reason = "nothing to build on " + hostArchitecture + " (Architecture: "
                    + String.join(" ", upload.architectures()) + "; ignored: " + ignoredArchitectures + ")";
            console.state(BuildResult.COMPLETED, reason);
            return new BuildResult(upload.source(), upload.version(), BuildResult.COMPLETED, reason, List.of(), List.of());
        }
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        console.state("STATUS", "building " + key + " with sbuild on " + series + " (" + testbed.name() + ")");
        List<String> argv = new ArrayList<>(List.of("sbuild"));
        argv.addAll(testbed.sbuildOptions(series, console));
        argv.addAll(List.of("--dist=" + series, "--verbose", "--no-run-lintian", "--no-run-piuparts", "--no-run-autopkgtest"));
        sources.beyondBase(series).forEach(line -> argv.add("--extra-repository=" + line));
        argv.addAll(List.of("--extra-repository=" + ppas.aptLine(ppa.name(), series),
                archAny ? "--arch-any" : "--no-arch-any", archAll ? "--arch-all" : "--no-arch-all",
                upload.dsc().toAbsolutePath().toString()));
        Path output = dir.resolve("sbuild-output.log");
        ProcessRunner.Result r;
        try (PrintStream copy = new PrintStream(Files.newOutputStream(output), true, StandardCharsets.UTF_8)) {
            r = runner.run(Command.of(argv).in(dir), line -> {
                copy.println(line);
                console.out().println(line);
            });
        }
        List<ArchivedFile> files = new ArrayList<>();
        Path log = buildLog(dir).orElse(output);
        files.add(new ArchivedFile(key + "/build.log", ArtifactType.LOGS, log.toString()));
        if (!r.ok()) {
            Optional<String> stage = failStage(log);
            List<String> missing = stage.filter("install-deps"::equals).isPresent() ? UnmetDependencies.of(log) : List.of();
            if (!missing.isEmpty()) {
                // Launchpad's "Dependency wait": the build may succeed once the dependency is there
                String reason = "Dependency wait: " + String.join(", ", missing) + "; see " + key + "/build.log";
                console.state(BuildResult.DEPWAIT, reason);
                return new BuildResult(upload.source(), upload.version(), BuildResult.DEPWAIT, reason, List.of(), files);
            }
            String reason = "sbuild failed" + stage.map(s -> " at stage " + s).orElse("") + " (exit "
                    + r.exitCode() + "); see " + key + "/build.log";
            console.state(BuildResult.FAILED, reason);
            return new BuildResult(upload.source(), upload.version(), BuildResult.FAILED, reason, List.of(), files);
        }
        return collect(ppa, upload, dir, files, console);
    }

    /** Puts the built binaries into the PPA and reports them. */
    private BuildResult collect(Ppa ppa, SourceUpload upload, Path dir, List<ArchivedFile> files, StepConsole console)
            throws Exception {
        Path changes = binaryChanges(dir)
                .orElseThrow(() -> new IOException("sbuild succeeded but left no .changes in " + dir));
        List<Path> debs = new ArrayList<>();
        ControlFile control = ControlFile.parse(changes.getFileName().toString(), Files.readString(changes));
        for (String line : control.lines("Checksums-Sha256")) {
            String name = line.trim().split("\\s+")[2];
            if (name.endsWith(".deb") || name.endsWith(".udeb")) {
                debs.add(dir.resolve(name));
            } else if (name.endsWith(".buildinfo")) {
                files.add(new ArchivedFile(upload.key() + "/" + name, ArtifactType.RESULTS, dir.resolve(name).toString()));
            }
        }
        files.add(new ArchivedFile(upload.key() + "/" + changes.getFileName(), ArtifactType.RESULTS, changes.toString()));
        if (!debs.isEmpty()) {
            ppas.include(ppa.name(), debs, console.out()::println);
        }
        List<String> binaries = binariesInPpa(ppa, upload, console);
        String message = upload.key() + " built: " + String.join(", ", binaries);
        console.state(BuildResult.COMPLETED, message);
        return new BuildResult(upload.source(), upload.version(), BuildResult.COMPLETED, null, binaries, files);
    }

    /**
     * After a crash during this build: binaries already in the PPA mean it completed (they are
     * not added twice); a finished sbuild whose binaries did not reach the PPA is collected;
     * anything else is built again.
     */
    private Optional<BuildResult> alreadyBuilt(Ppa ppa, SourceUpload upload, Path dir, StepConsole console)
            throws Exception {
        List<ArchivedFile> files = new ArrayList<>();
        buildLog(dir).ifPresent(log ->
                files.add(new ArchivedFile(upload.key() + "/build.log", ArtifactType.LOGS, log.toString())));
        List<String> binaries = binariesInPpa(ppa, upload, console);
        if (!binaries.isEmpty()) {
            String message = upload.key() + " is already built in " + ppa.name() + ": " + String.join(", ", binaries);
            console.state(BuildResult.COMPLETED, message);
            binaryChanges(dir).ifPresent(c -> files.add(
                    new ArchivedFile(upload.key() + "/" + c.getFileName(), ArtifactType.RESULTS, c.toString())));
            return Optional.of(new BuildResult(
                    upload.source(), upload.version(), BuildResult.COMPLETED, null, binaries, files));
        }
        if (binaryChanges(dir).isPresent() && !files.isEmpty() && buildSucceeded(files.get(0))) {
            console.out().println("resuming: sbuild had finished " + upload.key() + "; adding its binaries to the PPA");
            return Optional.of(collect(ppa, upload, dir, files, console));
        }
        return Optional.empty();
    }

    private List<String> binariesInPpa(Ppa ppa, SourceUpload upload, StepConsole console) throws Exception {
        return ppas.packagesOf(ppa.name(), upload.source(), upload.version(), console.out()::println).stream()
                .filter(p -> !p.endsWith("_source"))
                .toList();
    }

    private static boolean buildSucceeded(ArchivedFile log) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of(log.path()), StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.equals("Status: successful"));
        }
    }

    /** Whether {@code Architecture} tokens include one that builds on the host. */
    static boolean buildsOn(List<String> architectures, String host) {
        return architectures.stream().anyMatch(a -> a.equals("any") || a.equals(host) || a.equals("linux-any")
                || a.equals("any-" + host) || a.equals("linux-" + host));
    }

    /** sbuild's log: {@code SOURCE_VERSION_ARCH.build}, a symlink to the timestamped file. */
    private static Optional<Path> buildLog(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".build"))
                    .filter(Files::isSymbolicLink)
                    .findFirst()
                    .map(f -> {
                        try {
                            return f.toRealPath();
                        } catch (IOException e) {
                            return f;
                        }
                    });
        }
    }

    private static Optional<Path> binaryChanges(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".changes"))
                    .filter(f -> !f.getFileName().toString().endsWith("_source.changes"))
                    .findFirst();
        }
    }

    private static Optional<String> failStage(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith("Fail-Stage: ")).map(l -> l.substring(12).trim()).reduce((a, b) -> b);
        }
    }
}
