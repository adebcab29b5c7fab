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

    private ExamplePackage() {}
}
