package io.jenkins.plugins.lander.steps.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real source packages of the series, as a Debian developer gets them ({@code apt-get source},
 * from the deb-src entry scripts/setup-debian-tools adds) and rebuilds them: unpacked, edited,
 * given a local version ({@code dch --local +lander}: a version the series does not have yet)
 * and packed again with {@code dpkg-source -b}.
 */
public final class DebianSources {
    private DebianSources() {}

    @FunctionalInterface
    public interface Edit {
        void apply(Path tree) throws IOException;
    }

    /** The series' own {@code .dsc} of {@code name}, downloaded into {@code dir}. */
    public static Path download(String name, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "apt-get", "source", "--download-only", name);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "_") && f.toString().endsWith(".dsc"))
                    .findFirst().orElseThrow(() -> new IOException("apt-get source left no .dsc of " + name + " in " + dir));
        }
    }

    /** {@code name} at version {@code SERIES_VERSION+lander1}, with {@code edit} applied to its tree. */
    public static Path rebuilt(String name, Path dir, Edit edit) throws IOException, InterruptedException {
        return rebuilt(name, dir, "+lander", edit);
    }

    /** {@code name} at version {@code SERIES_VERSION}{@code suffix}{@code 1} ({@code dch --local suffix}). */
    public static Path rebuilt(String name, Path dir, String suffix, Edit edit) throws IOException, InterruptedException {
        Path dsc = download(name, dir);
        Path tree = dir.resolve(name + "-tree");
        run(dir, "dpkg-source", "-x", dsc.toString(), tree.toString());
        edit.apply(tree);
        run(tree, "dch", "--local", suffix, "--distribution", "bookworm", "--force-distribution",
                "Rebuilt by the Lander's corpus test.");
        run(dir, "dpkg-source", "-b", tree.getFileName().toString());
        String version = capture(tree, "dpkg-parsechangelog", "-S", "Version").strip();
        String plain = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        return dir.resolve(name + "_" + plain + ".dsc");
    }

    public static Path unchanged(String name, Path dir) throws IOException, InterruptedException {
        return rebuilt(name, dir, tree -> {});
    }

    private static void run(Path dir, String... argv) throws IOException, InterruptedException {
        capture(dir, argv);
    }

    private static String capture(Path dir, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(argv)).directory(dir.toFile());
        pb.environment().put("DEBEMAIL", "corpus@lander.invalid");
        pb.environment().put("DEBFULLNAME", "Lander corpus");
        Path err = Files.createTempFile(dir, "stderr", ".log");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed in " + dir + ": " + out + Files.readString(err));
        }
        Files.delete(err);
        return out;
    }
}
