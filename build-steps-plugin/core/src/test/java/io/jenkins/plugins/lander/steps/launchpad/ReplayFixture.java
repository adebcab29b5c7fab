package io.jenkins.plugins.lander.steps.launchpad;

import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Launchpad replay with a real OpenPGP key (a GnuPG home of the test's own, its public key the
 * replay's keyring), a credentials file in launchpadlib's format and a backend whose pacer is the
 * replay's clock: each time the backend would wait for Launchpad, Launchpad moves on one tick.
 */
final class ReplayFixture implements AutoCloseable {
    static final String OWNER = "ci-bot";
    static final String TARGET = "~lander-archive/ubuntu/archive";
    static final String CONSUMER = "lander-tests";
    static final String TOKEN = "TOKENKEY";
    /** With an {@code &}: the signature must percent-encode it. */
    static final String SECRET = "s3cret&Sauce";

    final Path dir;
    final Path gnupg;
    final String fingerprint;
    final LaunchpadReplay replay;
    final Path credentials;

    ReplayFixture(Path dir, LaunchpadReplay.Builder builder) throws Exception {
        this.dir = dir;
        gnupg = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        run(gnupg, "gpg", "--batch", "--homedir", gnupg.toString(), "--passphrase", "", "--quick-gen-key",
                "Lander CI <ci@lander.test>", "ed25519", "sign", "never");
        fingerprint = run(gnupg, "gpg", "--batch", "--homedir", gnupg.toString(), "--with-colons", "--list-keys").lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        Path keyring = dir.resolve("uploaders.gpg");
        Files.write(keyring, runBytes(gnupg, "gpg", "--batch", "--homedir", gnupg.toString(), "--export", fingerprint));
        replay = new LaunchpadReplay(dir.resolve("replay"), keyring, TARGET, CONSUMER, TOKEN, SECRET, builder);
        credentials = Files.writeString(dir.resolve("launchpad.credentials"), "[1]\nconsumer_key = " + CONSUMER
                + "\nconsumer_secret = \naccess_token = " + TOKEN + "\naccess_secret = " + SECRET + "\n");
    }

    LaunchpadConfig config(int poolSize) {
        return new LaunchpadConfig(replay.api(), OWNER, "ubuntu", TARGET, replay.uploadHost(), replay.content(),
                fingerprint, gnupg, Set.of("bookworm"), poolSize, Duration.ZERO, 40);
    }

    LaunchpadClient client() throws IOException {
        return new LaunchpadClient(replay.api(), new OAuthSigner(LaunchpadCredentials.read(credentials), Clock.systemUTC()),
                new Retry(1, Duration.ZERO, Duration.ZERO));
    }

    LaunchpadLandingSteps steps(int poolSize, Path cache) throws Exception {
        return new LaunchpadLandingSteps(config(poolSize), client(), new LocalConfig(dir.resolve("local"), cache, 0, null,
                Set.of("bookworm")), dir.resolve("backend"), new ProcessRunner(new ToolClock()), replay::tick, "",
                java.util.Optional.empty(), io.jenkins.plugins.lander.steps.testbed.TestbedChoice::noNova);
    }

    /** A stand-in for a Launchpad builder: one real, empty {@code .deb} per binary the source declares. */
    static List<Path> emptyDebs(SourceUpload source, Path out) throws Exception {
        List<Path> debs = new ArrayList<>();
        for (String binary : source.binaries()) {
            Path tree = Files.createDirectories(out.resolve("tree-" + binary).resolve("DEBIAN"));
            Files.writeString(tree.resolve("control"), "Package: " + binary + "\nVersion: " + source.version()
                    + "\nArchitecture: amd64\nMaintainer: CI <ci@lander.test>\nDescription: replayed build of "
                    + source.source() + "\n");
            Path deb = out.resolve(binary + "_" + source.version() + "_amd64.deb");
            run(out, "dpkg-deb", "--root-owner-group", "--build", tree.getParent().toString(), deb.toString());
            debs.add(deb);
        }
        return debs;
    }

    static String run(Path dir, String... argv) throws IOException, InterruptedException {
        return new String(runBytes(dir, argv), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed");
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        replay.close();
        run(dir, "gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent");
    }
}
