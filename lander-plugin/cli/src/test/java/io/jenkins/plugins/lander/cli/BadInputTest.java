package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit 2, a message naming the problem, and nothing created or changed. */
class BadInputTest {
    @TempDir
    Path dir;

    private LanderProcess.Result land(String... args) throws Exception {
        String[] argv = new String[args.length + 3];
        argv[0] = "land";
        argv[1] = "--data";
        argv[2] = dir.resolve("data").toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        return LanderProcess.run(dir.resolve("run"), Map.of(), argv);
    }

    private void assertRefused(LanderProcess.Result r, String message) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains(message);
        assertThat(r.stdout()).isEmpty();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    private Path example() throws Exception {
        return ExamplePackages.dsc("pass", "1.0+bad1", Files.createDirectories(dir.resolve("src")));
    }

    @Test
    void missingSource() throws Exception {
        assertRefused(land(dir.resolve("nope_1.0.dsc").toString()), "no such file");
    }

    @Test
    void checksumMismatch() throws Exception {
        Path dsc = example();
        Path tarball = dir.resolve("src/hello-lander_1.0+bad1.tar.xz");
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(tarball, bytes);
        assertRefused(land(dsc.toString()), "SHA-256 checksum mismatch for hello-lander_1.0+bad1.tar.xz");
    }

    @Test
    void sizeMismatch() throws Exception {
        Path dsc = example();
        Files.writeString(dir.resolve("src/hello-lander_1.0+bad1.tar.xz"), "x", StandardOpenOption.APPEND);
        assertRefused(land(dsc.toString()), "size mismatch for hello-lander_1.0+bad1.tar.xz");
    }

    @Test
    void pathInFileName() throws Exception {
        Path dsc = example();
        Files.writeString(dsc, Files.readString(dsc).replace(" hello-lander_1.0+bad1.tar.xz", " ../hello-lander_1.0+bad1.tar.xz"));
        assertRefused(land(dsc.toString()), "refusing file name '../hello-lander_1.0+bad1.tar.xz'");
    }

    @Test
    void unparsableControlFile() throws Exception {
        Path dsc = Files.writeString(dir.resolve("broken_1.0.dsc"), "no fields here\n");
        assertRefused(land(dsc.toString()), "is not a 'Field: value' line");
    }

    @Test
    void unknownSeries() throws Exception {
        assertRefused(land("--series", "hirsute", example().toString()), "unknown series 'hirsute'");
    }

    @Test
    void badUsage() throws Exception {
        assertRefused(land(), "Missing required parameter");
    }

    @Test
    void unknownTicket() throws Exception {
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of(),
                "ticket", "show", "42", "--data", dir.resolve("data").toString(), "--json");
        assertRefused(r, "unknown ticket 42");
    }
}
