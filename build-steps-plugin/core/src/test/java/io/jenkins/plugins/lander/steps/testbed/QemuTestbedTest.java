package io.jenkins.plugins.lander.steps.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.steps.support.RecordingConsole;
import io.jenkins.plugins.lander.steps.support.SharedCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real package whose test needs a whole machine ({@code Restrictions: isolation-machine}, the
 * example's machine-test variant, which checks that it runs in a VM): built with sbuild, tested
 * by default on the qemu testbed (a real VM from the cached image, booted by
 * autopkgtest-virt-qemu), where it passes, then on the unshare testbed chosen explicitly, where
 * autopkgtest skips it and says why. The VM image is shared through the user's cache (built once,
 * about 5 minutes).
 */
@Tag("debian")
@Tag("slow")
class QemuTestbedTest {
    private static final String SERIES = SharedCache.SERIES;

    @Test
    void aTestThatNeedsAMachinePassesOnQemuAndIsSkippedWithTheReasonOnUnshare(@TempDir Path tmp) throws Exception {
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));
        Path sharedVm = LocalConfig.defaultCacheDir(System.getenv()).resolve("vm");
        Files.createDirectories(sharedVm);
        Files.createSymbolicLink(cache.resolve("vm"), sharedVm);
        LocalConfig config = new LocalConfig(tmp.resolve("data"), cache, 1, null, Set.of(SERIES));
        SourceUpload upload = ExamplePackages.build("machine-test", "1.0", tmp.resolve("src"));
        Ppa ppa;
        TestImage image;
        TestResult onQemu;
        RecordingConsole qemuConsole = new RecordingConsole(tmp.resolve("work/test-qemu"));
        try (LocalLandingSteps steps = new LocalLandingSteps(config, new ProcessRunner(new ToolClock()))) {
            ppa = steps.allocatePpa("7", new RecordingConsole(tmp.resolve("work/allocate")));
            RecordingConsole build = new RecordingConsole(tmp.resolve("work/build"));
            assertThat(steps.buildSource(ppa, upload, SERIES, Set.of(), build, false).state()).as(build.text())
                    .isEqualTo(BuildResult.COMPLETED);
            image = steps.buildImage(ppa, SERIES, List.of(), new RecordingConsole(tmp.resolve("work/image")), false);
            onQemu = steps.runAutopkgtest(image, ppa, upload, qemuConsole, false);
        }

        assertThat(qemuConsole.text()).contains("a test needs isolation-machine: testing on the qemu testbed",
                "in the qemu testbed", "autopkgtest-virt-qemu");
        assertThat(onQemu.outcome()).as(qemuConsole.text()).isEqualTo(TestOutcome.PASS);
        assertThat(onQemu.verdicts()).extracting(Verdict::test, Verdict::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("greets", "PASS"),
                        org.assertj.core.groups.Tuple.tuple("in-a-machine", "PASS"));
        assertThat(qemuConsole.text()).containsPattern("virtualization: (kvm|qemu)");

        RecordingConsole unshareConsole = new RecordingConsole(tmp.resolve("work/test-unshare"));
        TestResult onUnshare;
        try (LocalLandingSteps steps = new LocalLandingSteps(config, new ProcessRunner(new ToolClock()),
                Optional.of(TestbedKind.UNSHARE), () -> {
                    throw new AssertionError("nova is not chosen");
                })) {
            onUnshare = steps.runAutopkgtest(image, ppa, upload, unshareConsole, false);
        }
        assertThat(unshareConsole.text()).contains("testbed unshare was chosen: the tests that need isolation-machine"
                + " will be skipped", "in the unshare testbed");
        assertThat(onUnshare.verdicts()).extracting(Verdict::test, Verdict::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("greets", "PASS"),
                        org.assertj.core.groups.Tuple.tuple("in-a-machine", "SKIP"));
        assertThat(onUnshare.verdicts().get(1).detail()).contains("isolation-machine");
    }
}
