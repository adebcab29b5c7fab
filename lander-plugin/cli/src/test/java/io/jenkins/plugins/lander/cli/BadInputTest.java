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
    void aRequireTestsSettingThatIsNeitherYesNorNoIsRefused() throws Exception {
        Path dsc = example();
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of("LANDER_REQUIRE_TESTS", "maybe"),
                "land", "--data", dir.resolve("data").toString(), dsc.toString());
        assertRefused(r, "require-tests (LANDER_REQUIRE_TESTS or ");
        assertThat(r.stderr()).contains("must be yes or no, not 'maybe'");
    }

    @Test
    void aTestbedThatIsNoneIsRefusedNamingTheChoices() throws Exception {
        Path dsc = example();
        assertRefused(land("--testbed", "docker", dsc.toString()),
                "--testbed: unknown testbed 'docker'; choose one of unshare, qemu, nova");
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of("LANDER_TESTBED", "vm"),
                "land", "--data", dir.resolve("data").toString(), dsc.toString());
        assertRefused(r, "unknown testbed 'vm'; choose one of unshare, qemu, nova");
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
    void aDescriptorThatIsADirectory() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("trap_1.0.dsc"));
        assertRefused(land(directory.toString()), "trap_1.0.dsc: is a directory");
    }

    @Test
    void aDescriptorNameWithANewline() throws Exception {
        Path dsc = example();
        Path odd = Files.copy(dsc, dsc.resolveSibling("hello\nlander_1.0.dsc"));
        assertRefused(land(odd.toString()), "refusing file name 'hello\\u000alander_1.0.dsc'");
    }

    @Test
    void aListedFileThatIsASymlinkToAnotherFile() throws Exception {
        Path dsc = example();
        Path tarball = dir.resolve("src/hello-lander_1.0+bad1.tar.xz");
        Path elsewhere = Files.move(tarball, dir.resolve("elsewhere.tar.xz"));
        Files.createSymbolicLink(tarball, elsewhere);
        assertRefused(land(dsc.toString()), "lists hello-lander_1.0+bad1.tar.xz but it is a symbolic link");
    }

    @Test
    void aWrongMd5BesideARightSha256() throws Exception {
        Path dsc = example();
        String text = Files.readString(dsc);
        java.util.regex.Matcher md5 = java.util.regex.Pattern.compile("(?m)^Files:\\n ([0-9a-f]{32}) ").matcher(text);
        assertThat(md5.find()).as(text).isTrue();
        Files.writeString(dsc, text.replace(md5.group(1), "0".repeat(32)));
        assertRefused(land(dsc.toString()), "MD5 checksum mismatch for");
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

    @Test
    void theLaunchpadBackendWithoutCredentials() throws Exception {
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of("LANDER_BACKEND", "launchpad",
                "LANDER_LAUNCHPAD_OWNER", "ci-bot", "LANDER_LAUNCHPAD_ARCHIVE", "~lander/ubuntu/archive",
                "LANDER_LAUNCHPAD_SIGNING_KEY", "C2FDABF437CF39FC64CB5F39CE52762EB42D0578"),
                "land", "--data", dir.resolve("data").toString(), example().toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains("LANDER_LAUNCHPAD_CREDENTIALS must name the Launchpad credentials file");
        assertThat(r.stdout()).isEmpty();
        assertThat(dir.resolve("data/tickets")).doesNotExist();
    }

    @Test
    void anUnknownBackendInLanderConf() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/lander.conf"), "backend=cloud\n");
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of(),
                "land", "--data", dir.resolve("data").toString(), example().toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains("LANDER_BACKEND must be local or launchpad, not 'cloud'");
        assertThat(dir.resolve("data/tickets")).doesNotExist();
    }
}
