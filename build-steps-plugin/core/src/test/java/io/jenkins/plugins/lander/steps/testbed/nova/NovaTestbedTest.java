package io.jenkins.plugins.lander.steps.testbed.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
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
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nova testbed end to end against the Compute replay: the leaked server of a dead ticket is
 * reaped at start (another is left alone), then a real autopkgtest of the example runs through
 * autopkgtest-virt-ssh and the Java setup script, which registers the key pair, boots the server
 * (base64 user-data, ticket metadata) from the ticket's image, waits for ACTIVE and ssh, and at
 * cleanup deletes it; the "server" is a real sshd on 127.0.0.2 in an overlay of the base chroot.
 * Keystone is replayed too (the project's loopback Keystone has a templated catalog without a
 * compute endpoint).
 */
@Tag("debian")
class NovaTestbedTest {
    private static final String SERIES = SharedCache.SERIES;

    @Test
    void aRealAutopkgtestRunsOverSshOnAServerBootedThroughTheReplayedComputeApi(@TempDir Path tmp) throws Exception {
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));
        Path script = Path.of(getClass().getResource("/testbed/ssh-testbed").toURI());
        Path template = tmp.resolve("template");
        new ProcessBuilder(script.toString(), "prepare", template.toString(),
                cache.resolve("base").resolve(SERIES + "-amd64.tar").toString()).inheritIO().start().waitFor();
        Files.createDirectories(tmp.resolve("servers"));
        try (ComputeReplay replay = new ComputeReplay(template, tmp.resolve("servers"), script)) {
            Path openrc = tmp.resolve("openrc");
            Files.writeString(openrc, "export OS_AUTH_URL=" + replay.keystone() + "\nexport OS_USERNAME=admin\n"
                    + "export OS_PASSWORD=secret\nexport OS_PROJECT_NAME=admin\nexport OS_REGION_NAME=RegionOne\n");
            String leaked = replay.seed("lander-99-dead", Map.of(NovaServers.TICKET, "99"));
            String foreign = replay.seed("someone-elses", Map.of());
            ProcessRunner runner = new ProcessRunner(new ToolClock());
            NovaTestbed nova = new NovaTestbed(new NovaSettings(Optional.empty(), "1", Optional.empty(), "root",
                    Optional.of(openrc)), OpenStackSettings.fromOpenrc(openrc), tmp.resolve("nova"), runner);
            LocalConfig config = new LocalConfig(tmp.resolve("data"), cache, 1, null, Set.of(SERIES));
            RecordingConsole console = new RecordingConsole(tmp.resolve("work/test"));
            TestResult result;
            try (LocalLandingSteps steps = new LocalLandingSteps(config, runner, Optional.of(TestbedKind.NOVA), () -> nova)) {
                steps.reconcile(Set.of("7"), new RecordingConsole(tmp.resolve("work/reconcile")));
                assertThat(replay.servers()).filteredOn(s -> !s.deleted).extracting(s -> s.id).containsExactly(foreign);
                assertThat(replay.servers()).filteredOn(s -> s.deleted).extracting(s -> s.id).containsExactly(leaked);

                Ppa ppa = steps.allocatePpa("7", new RecordingConsole(tmp.resolve("work/allocate")));
                SourceUpload upload = ExamplePackages.build("pass", "1.0", tmp.resolve("src"));
                RecordingConsole build = new RecordingConsole(tmp.resolve("work/build"));
                assertThat(steps.buildSource(ppa, upload, SERIES, Set.of(), build, false).state()).as(build.text())
                        .isEqualTo(BuildResult.COMPLETED);
                TestImage image = new TestImage("glance-image-1", SERIES, false, List.of());
                result = steps.runAutopkgtest(image, ppa, upload, console, false);
            }

            assertThat(result.outcome()).as(console.text()).isEqualTo(TestOutcome.PASS);
            assertThat(result.verdicts()).extracting(Verdict::test, Verdict::result).containsExactly(tuple("greets", "PASS"));
            assertThat(console.text()).contains("in the nova testbed", "booted server", "ACTIVE", "deleted server");
            ComputeReplay.Server booted = replay.servers().get(2);
            assertThat(booted.image).isEqualTo("glance-image-1");
            assertThat(booted.flavor).isEqualTo("1");
            assertThat(booted.metadata).containsEntry(NovaServers.TICKET, "7");
            assertThat(booted.userData).startsWith("#cloud-config\nhostname: autopkgtest\n");
            assertThat(booted.name).startsWith("lander-7-").isEqualTo(booted.keyName);
            assertThat(booted.deleted).isTrue();
            assertThat(replay.keypairs()).isEmpty();
            assertThat(replay.servers()).hasSize(3);
            assertThat(console.text()).doesNotContain("secret");
        }
    }
}
