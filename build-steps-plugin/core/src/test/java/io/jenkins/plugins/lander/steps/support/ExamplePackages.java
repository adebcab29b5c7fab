package io.jenkins.plugins.lander.steps.support;

import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The example package of examples/hello-lander and its variants, built by scripts/build-example. */
public final class ExamplePackages {
    private ExamplePackages() {}

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/build-example"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("scripts/build-example not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** @param variant pass, broken-build or failing-test */
    public static SourceUpload build(String variant, String version, Path outDir) throws Exception {
        Process p = new ProcessBuilder(List.of(repositoryRoot().resolve("scripts/build-example").toString(),
                        "--variant", variant, "--version", version, outDir.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("scripts/build-example failed: " + output);
        }
        return new SourceUploadReader().read(Path.of(output.lines().reduce((a, b) -> b).orElseThrow()));
    }
}
