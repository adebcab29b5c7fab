package io.jenkins.plugins.lander.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Source packages of {@code examples/hello-lander} for the tests, built by {@code
 * scripts/build-example}: as shipped, with a broken build, or with a failing DEP-8 test, each at
 * the version asked (the archive refuses a version twice).
 */
final class ExamplePackage {
    enum Variant {
        GOOD("pass"),
        BROKEN_BUILD("broken-build"),
        FAILING_TEST("failing-test");

        private final String scriptName;

        Variant(String scriptName) {
            this.scriptName = scriptName;
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/build-example"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("scripts/build-example not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Returns the {@code .dsc} of the variant at {@code version}, built into {@code outDir}. */
    static Path build(Path outDir, Variant variant, String version) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(repositoryRoot().resolve("scripts/build-example").toString(),
                        "--variant", variant.scriptName, "--version", version, outDir.toString()))
                .redirectErrorStream(true)
                .start();
        List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IOException("scripts/build-example failed: " + String.join("\n", out));
        }
        return Path.of(out.get(out.size() - 1));
    }

    /**
     * The variant as a developer uploads it: its {@code _source.changes} beside the {@code .dsc}
     * and tarball, made by {@code dpkg-genchanges} in the unpacked source.
     */
    static Path sourceChanges(Path outDir, Variant variant, String version) throws IOException, InterruptedException {
        Path dsc = build(outDir, variant, version);
        Path tree = outDir.resolve("unpacked");
        run(outDir, "dpkg-source", "-q", "-x", dsc.toString(), tree.toString());
        Path changes = outDir.resolve("hello-lander_" + version + "_source.changes");
        run(tree, "dpkg-genchanges", "-q", "-S", "-O" + changes);
        return changes;
    }

    private static void run(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    private ExamplePackage() {}
}
