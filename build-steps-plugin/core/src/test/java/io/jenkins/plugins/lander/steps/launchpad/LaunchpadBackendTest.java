package io.jenkins.plugins.lander.steps.launchpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.ppa.PoolEntry;
import io.jenkins.plugins.lander.steps.ppa.PpaState;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.steps.support.RecordingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Launchpad backend's steps against the replay: real dput-ng uploads by FTP, signed by a real
 * key and checked with gpgv on intake, build states driven by the replay's clock.
 */
class LaunchpadBackendTest {
    @TempDir
    Path tmp;

    private ReplayFixture lp;
    private LaunchpadLandingSteps steps;

    @BeforeEach
    void setUp() throws Exception {
        lp = new ReplayFixture(tmp, ReplayFixture::emptyDebs);
        steps = lp.steps(2, tmp.resolve("cache"));
    }

    @AfterEach
    void tearDown() throws Exception {
        lp.close();
    }

    private RecordingConsole console(String step) {
        return new RecordingConsole(tmp.resolve("work").resolve(step));
    }

    private SourceUpload example(String version) throws Exception {
        return ExamplePackages.build("pass", version, tmp.resolve("src").resolve(version));
    }

    @Test
    void buildsASignedUploadAndCountsItOnlyOnceFullyBuiltThenPublishesWithCopyPackage() throws Exception {
        Ppa ppa = steps.allocatePpa("7", console("allocate"));
        assertThat(ppa.name()).isEqualTo("ci-pool-001");
        assertThat(lp.replay.archiveNames()).contains("ci-pool-001");

        RecordingConsole build = console("build");
        BuildResult result = steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), build, false);

        assertThat(result.state()).isEqualTo(BuildResult.COMPLETED);
        assertThat(result.binaries()).contains("hello-lander_1.0_source", "hello-lander_1.0_amd64");
        assertThat(result.uploadLog()).isNull();
        assertThat(build.lines()).anyMatch(l -> l.startsWith("dput ppa:ci-bot/ci-pool-001 "))
                .anyMatch(l -> l.endsWith("Currently building")).anyMatch(l -> l.contains("FULLYBUILT_PENDING"));
        assertThat(lp.replay.rejections).isEmpty();
        assertThat(result.files()).anyMatch(f -> f.name().equals("hello-lander_1.0/build_amd64.log"));
        assertThat(steps.aptLine(ppa, "bookworm"))
                .isEqualTo("deb [trusted=yes] " + lp.replay.content() + "/ci-bot/ci-pool-001/ubuntu bookworm main");

        PublishResult published = steps.publish(ppa, "bookworm", java.util.List.of(example("1.0")), console("publish"), false);
        assertThat(published.packages()).contains("hello-lander_1.0_amd64");
        assertThat(lp.replay.live("lander-archive", "archive")).containsExactly("hello-lander 1.0 Published");
        assertThatThrownBy(() -> steps.checkUploads("bookworm", java.util.List.of(example("1.0"))))
                .hasMessageContaining("already in ~lander-archive/ubuntu/archive");
    }

    @Test
    void aBuildThatFailsToUploadCarriesItsUploadLog() throws Exception {
        lp.replay.script("hello-lander", LaunchpadReplay.Script.endsIn(BuildState.FAILEDTOUPLOAD,
                "Rejected:\nhello-lander_1.0_amd64.deb: Version older than that in the archive.\n", null));
        Ppa ppa = steps.allocatePpa("8", console("allocate"));

        BuildResult result = steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), console("build"), false);

        assertThat(result.state()).isEqualTo(BuildResult.FAILED);
        assertThat(result.failedToUpload()).isTrue();
        assertThat(result.uploadLog()).contains("amd64:", "Version older than that in the archive.");
        assertThat(result.reason()).contains("Failed to upload", "upload log: http://127.0.0.1:");
        assertThat(result.files()).anyMatch(f -> f.name().equals("hello-lander_1.0/upload_amd64.log")
                && read(f.path()).contains("Version older"));
    }

    @ParameterizedTest
    @EnumSource(value = BuildState.class, names = {"FAILEDTOBUILD", "MANUALDEPWAIT", "CHROOTWAIT", "SUPERSEDED", "CANCELLED"})
    void everyFinalStateOfLaunchpadIsTheEnginesOutcome(BuildState end) throws Exception {
        lp.replay.script("hello-lander", LaunchpadReplay.Script.endsIn(end, null, "libfoo-dev (>= 2.0)"));
        Ppa ppa = steps.allocatePpa("9", console("allocate"));

        BuildResult result = steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), console("build"), false);

        assertThat(result.state()).isEqualTo(end.outcome().orElseThrow());
        assertThat(result.reason()).contains(end.title());
        assertThat(result.uploadLog()).isNull();
        if (end == BuildState.MANUALDEPWAIT) {
            assertThat(result.state()).isEqualTo(BuildResult.DEPWAIT);
            assertThat(result.reason()).contains("libfoo-dev (>= 2.0)");
        }
        if (end == BuildState.SUPERSEDED) {
            assertThat(result.reason()).contains("a newer upload of the source replaced it");
        }
    }

    @Test
    void theSameUploadIsNotSentTwiceWhenABuildResumes() throws Exception {
        Ppa ppa = steps.allocatePpa("10", console("allocate"));
        steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), console("build"), false);
        RecordingConsole again = console("again");

        BuildResult result = steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), again, true);

        assertThat(result.succeeded()).isTrue();
        assertThat(again.lines()).contains("hello-lander_1.0 is already in ci-pool-001 (uploaded before the crash)")
                .noneMatch(l -> l.startsWith("dput "));
    }

    @Test
    void anUploadSignedByAnUnknownKeyIsRejectedOnIntakeAndTheBuildGivesUp() throws Exception {
        Path other = tmp.resolve("other-gnupg");
        Files.createDirectories(other);
        Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ReplayFixture.run(tmp, "gpg", "--batch", "--homedir", other.toString(), "--passphrase", "", "--quick-gen-key",
                "Mallory <m@lander.test>", "ed25519", "sign", "never");
        String fpr = ReplayFixture.run(tmp, "gpg", "--batch", "--homedir", other.toString(), "--with-colons", "--list-keys")
                .lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        LaunchpadConfig c = lp.config(2);
        LaunchpadConfig mallory = new LaunchpadConfig(c.api(), c.owner(), c.distribution(), c.target(), c.uploadHost(),
                c.content(), fpr, other, c.series(), 2, c.poll(), 5);
        try (LaunchpadLandingSteps forged = new LaunchpadLandingSteps(mallory, lp.client(),
                new io.jenkins.plugins.lander.steps.local.LocalConfig(tmp.resolve("l2"), tmp.resolve("cache"), 0, null,
                        Set.of("bookworm")), tmp.resolve("b2"), new io.jenkins.plugins.lander.exec.ProcessRunner(
                        new io.jenkins.plugins.lander.exec.ToolClock()), lp.replay::tick, "", java.util.Optional.empty(),
                        io.jenkins.plugins.lander.steps.testbed.TestbedChoice::noNova)) {
            Ppa ppa = forged.allocatePpa("11", console("allocate"));
            assertThatThrownBy(() -> forged.buildSource(ppa, example("1.0"), "bookworm", Set.of(), console("build"), false))
                    .hasMessageContaining("did not appear in ci-pool-001 after 5 looks");
        } finally {
            ReplayFixture.run(tmp, "gpgconf", "--homedir", other.toString(), "--kill", "gpg-agent");
        }
        assertThat(lp.replay.rejections).anyMatch(r -> r.contains("no valid signature"));
    }

    @Test
    void thePoolGrowsWithCreatePpaAndAReleasedPpaIsFreeOnlyWhenNothingIsPublishedOrPending() throws Exception {
        Ppa first = steps.allocatePpa("1", console("a1"));
        Ppa second = steps.allocatePpa("2", console("a2"));
        assertThat(lp.replay.archiveNames()).contains("ci-pool-001", "ci-pool-002").doesNotContain("ci-pool-003");
        steps.buildSource(first, example("1.0"), "bookworm", Set.of(), console("build"), false);
        assertThat(lp.replay.live(ReplayFixture.OWNER, "ci-pool-001")).containsExactly("hello-lander 1.0 Published");

        LaunchpadLandingSteps bigger = lp.steps(3, tmp.resolve("cache"));
        Ppa third = bigger.allocatePpa("3", console("a3"));
        assertThat(third.name()).isEqualTo("ci-pool-003");
        assertThat(lp.replay.archiveNames()).contains("ci-pool-003");

        RecordingConsole release = console("release");
        long before = lp.replay.ticks();
        bigger.releasePpa(first, release);

        assertThat(lp.replay.live(ReplayFixture.OWNER, "ci-pool-001")).isEmpty();
        assertThat(lp.replay.ticks()).as("waited for the binaries' deletion").isGreaterThan(before);
        assertThat(release.lines()).anyMatch(l -> l.startsWith("deleting hello-lander 1.0 in bookworm (1/1)"))
                .anyMatch(l -> l.startsWith("waiting for Launchpad to remove 0 sources and 1 binaries"));
        assertThat(bigger.pool().entries()).extracting(PoolEntry::name, PoolEntry::state).contains(
                org.assertj.core.groups.Tuple.tuple("ci-pool-001", PpaState.FREE),
                org.assertj.core.groups.Tuple.tuple("ci-pool-002", PpaState.RESERVED));
        assertThat(second.name()).isEqualTo("ci-pool-002");
    }

    @Test
    void collectionsArePagedAndTheSignatureIsChecked() throws Exception {
        lp.replay.pageSize(1);
        Ppa ppa = steps.allocatePpa("12", console("allocate"));
        steps.buildSource(ppa, example("1.0"), "bookworm", Set.of(), console("b1"), false);
        steps.buildSource(ppa, example("1.1"), "bookworm", Set.of(), console("b2"), false);
        assertThat(lp.client().collection("~ci-bot/+archive/ubuntu/ci-pool-001", java.util.Map.of("ws.op", "getPublishedSources")))
                .hasSize(2);
        assertThat(lp.replay.requests).anyMatch(r -> r.contains("ws.start=1"));

        LaunchpadClient forged = new LaunchpadClient(lp.replay.api(), new OAuthSigner(
                new LaunchpadCredentials(ReplayFixture.CONSUMER, ReplayFixture.TOKEN, "wrong"), java.time.Clock.systemUTC()),
                new io.jenkins.plugins.lander.cloud.Retry(1, java.time.Duration.ZERO, java.time.Duration.ZERO));
        assertThatThrownBy(() -> forged.get("~ci-bot/+archive/ubuntu/ci-pool-001", java.util.Map.of()))
                .isInstanceOf(LaunchpadException.class).hasMessageContaining("401: Invalid OAuth signature.");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
