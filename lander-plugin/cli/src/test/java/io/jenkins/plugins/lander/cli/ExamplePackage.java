package io.jenkins.plugins.lander.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds source packages of {@code examples/hello-lander} for the tests: as shipped, with a
 * broken build, or with a failing DEP-8 test, each at the version asked (the archive refuses a
 * version twice).
 */
final class ExamplePackage {
    enum Variant {
        GOOD,
        BROKEN_BUILD,
        FAILING_TEST
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/hello-lander"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/hello-lander not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Returns the {@code .dsc} of the variant at {@code version}, built under {@code workDir}. */
    static Path build(Path workDir, Variant variant, String version) throws IOException, InterruptedException {
        Path tree = workDir.resolve("hello-lander");
        copyTree(repositoryRoot().resolve("examples/hello-lander"), tree);
        switch (variant) {
            case BROKEN_BUILD -> Files.writeString(tree.resolve("hello-lander.c"),
                    Files.readString(tree.resolve("hello-lander.c")) + "\n#error broken on purpose by the Lander tests\n");
            case FAILING_TEST -> Files.writeString(tree.resolve("debian/tests/greets"),
                    Files.readString(tree.resolve("debian/tests/greets")).replace("Hello, Debian!", "Goodbye, Debian!"));
            case GOOD -> {}
        }
        run(tree, Map.of("DEBFULLNAME", "Lander tests", "DEBEMAIL", "tests@lander.invalid"),
                "dch", "--newversion", version, "--distribution", "bookworm", "--force-distribution", "Test build (" + variant + ").");
        run(workDir, Map.of(), "dpkg-source", "-q", "-b", "hello-lander");
        return workDir.resolve("hello-lander_" + version + ".dsc");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void run(Path dir, Map<String, String> env, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(argv)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    private ExamplePackage() {}
}
