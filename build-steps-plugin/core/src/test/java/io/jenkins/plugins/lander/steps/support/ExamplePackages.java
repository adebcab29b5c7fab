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
        return new SourceUploadReader().read(dsc(variant, version, outDir));
    }

    /** The {@code .dsc} of the variant at {@code version}, built into {@code outDir}. */
    public static Path dsc(String variant, String version, Path outDir) throws IOException, InterruptedException {
        return buildExample(outDir, "--variant", variant, "--version", version);
    }

    /**
     * The passing example renamed to source and binary {@code name} at {@code version}, with the
     * extra build dependency {@code buildDepends} when not null (e.g. {@code alpha (>= 2.0)}).
     */
    public static Path named(String name, String version, String buildDepends, Path outDir) throws IOException, InterruptedException {
        return buildDepends == null
                ? buildExample(outDir, "--name", name, "--version", version)
                : buildExample(outDir, "--name", name, "--version", version, "--build-depends", buildDepends);
    }

    private static Path buildExample(Path outDir, String... options) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(repositoryRoot().resolve("scripts/build-example").toString());
        argv.addAll(List.of(options));
        argv.add(outDir.toString());
        String output = run(outDir.getParent() == null ? outDir : outDir.getParent(), argv.toArray(String[]::new));
        return Path.of(output.lines().reduce((a, b) -> b).orElseThrow());
    }

    /**
     * The variant as a developer uploads it: its {@code _source.changes} beside the {@code .dsc}
     * and tarball, made by {@code dpkg-genchanges} in the unpacked source.
     */
    public static Path sourceChanges(String variant, String version, Path outDir) throws IOException, InterruptedException {
        Path dsc = dsc(variant, version, outDir);
        Path tree = outDir.resolve("unpacked");
        run(outDir, "dpkg-source", "-q", "-x", dsc.toString(), tree.toString());
        Path changes = outDir.resolve(dsc.getFileName().toString().replaceFirst("\\.dsc$", "_source.changes"));
        run(tree, "dpkg-genchanges", "-q", "-S", "-O" + changes);
        return changes;
    }

    private static String run(Path dir, String... argv) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(List.of(argv)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + output);
        }
        return output;
    }
}
