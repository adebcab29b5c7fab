package io.jenkins.plugins.lander.steps.image;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.steps.repo.StateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached base chroot of each series, {@code CACHE/base/SERIES-ARCH.tar}: a
 * {@code mmdebstrap --variant=buildd} tarball with apt-utils and ca-certificates (autopkgtest's
 * unshare testbed needs apt-utils). sbuild builds in it; scripts/setup-debian-tools makes the same
 * one. Built once, under a lock so two Landers never build it twice.
 */
public final class BaseTarballs {
    /** What every chroot and image of the local backend starts from. */
    static final List<String> BASE_PACKAGES = List.of("apt-utils", "ca-certificates");

    private final Path dir;
    private final String mirror;
    private final String architecture;
    private final ProcessRunner runner;

    public BaseTarballs(Path cacheDir, String mirror, String architecture, ProcessRunner runner) {
        this.dir = cacheDir.resolve("base");
        this.mirror = mirror;
        this.architecture = architecture;
        this.runner = runner;
    }

    /** The series' base tarball, built first when missing. */
    public Path path(String series, StepConsole console) throws Exception {
        Path tarball = dir.resolve(series + "-" + architecture + ".tar");
        if (Files.isRegularFile(tarball)) {
            return tarball;
        }
        return new StateFile(tarball).locked(() -> {
            if (Files.isRegularFile(tarball)) {
                return tarball; // another Lander built it while this one waited
            }
            Files.createDirectories(dir);
            Path partial = tarball.resolveSibling(tarball.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            console.out().println("building the " + series + " base tarball " + tarball + " (once per series)");
            List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--mode=unshare", "--variant=buildd",
                    "--include=" + String.join(",", BASE_PACKAGES), "--format=tar", series, partial.toString(), mirror));
            ProcessRunner.Result r = runner.run(Command.of(argv), console.out()::println);
            if (!r.ok()) {
                Files.deleteIfExists(partial);
                throw new IOException("mmdebstrap could not build the " + series + " base tarball (exit "
                        + r.exitCode() + "): " + String.join(" | ", r.tail()));
            }
            Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE);
            return tarball;
        });
    }

    /** The SHA-256 of the series' base tarball, remembered beside it (hashing 450 MB takes seconds). */
    public String digest(String series, StepConsole console) throws Exception {
        Path tarball = path(series, console);
        Path sidecar = tarball.resolveSibling(tarball.getFileName() + ".sha256");
        if (Files.isRegularFile(sidecar)
                && Files.getLastModifiedTime(sidecar).compareTo(Files.getLastModifiedTime(tarball)) >= 0) {
            return Files.readString(sidecar, StandardCharsets.UTF_8).trim().split("\\s+")[0];
        }
        String digest = SourceUploadReader.sha256(tarball);
        new StateFile(sidecar).write((digest + "  " + tarball.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        return digest;
    }

    public String mirror() {
        return mirror;
    }
}
