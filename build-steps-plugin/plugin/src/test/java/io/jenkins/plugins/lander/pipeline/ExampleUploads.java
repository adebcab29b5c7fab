package io.jenkins.plugins.lander.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real example package ({@code examples/hello-lander}) as {@code scripts/build-example} makes it. */
final class ExampleUploads {
    private ExampleUploads() {}

    /** @return the {@code .dsc} of the variant (pass, broken-build, failing-test) at the version */
    static Path dsc(String variant, String version, Path outDir) throws IOException, InterruptedException {
        Path script = Path.of("../../scripts/build-example").toAbsolutePath().normalize();
        Files.createDirectories(outDir);
        Process p = new ProcessBuilder(script.toString(), "--variant", variant, "--version", version, outDir.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(script + " failed: " + output);
        }
        return Path.of(output.lines().reduce((a, b) -> b).orElseThrow());
    }
}
