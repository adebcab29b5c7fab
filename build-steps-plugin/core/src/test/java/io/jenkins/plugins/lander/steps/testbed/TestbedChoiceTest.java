package io.jenkins.plugins.lander.steps.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of testbed per upload, with a stand-in for /dev/kvm (present or missing). */
class TestbedChoiceTest {
    private static final Set<String> MACHINE = Set.of("isolation-machine", "needs-root");

    @TempDir
    Path tmp;

    private final Testbed unshare = named("unshare");
    private final Testbed qemu = named("qemu");
    private final Testbed nova = named("nova");
    private final List<String> said = new ArrayList<>();

    private TestbedChoice choice(Optional<TestbedKind> chosen, boolean kvm) throws Exception {
        Path device = tmp.resolve(kvm ? "kvm" : "missing-kvm");
        if (kvm && !Files.exists(device)) {
            Files.createFile(device);
        }
        return new TestbedChoice(chosen, unshare, () -> qemu, () -> nova, device);
    }

    @Test
    void byDefaultTestsThatNeedAMachineGoToQemuAndOthersToUnshare() throws Exception {
        TestbedChoice c = choice(Optional.empty(), true);

        assertThat(c.forTests(Set.of("allow-stderr"), said::add)).isSameAs(unshare);
        assertThat(said).isEmpty();
        assertThat(c.forTests(MACHINE, said::add)).isSameAs(qemu);
        assertThat(said).containsExactly("a test needs isolation-machine: testing on the qemu testbed (KVM)");
    }

    @Test
    void withoutKvmQemuFallsBackToUnshareSayingWhatIsSkipped() throws Exception {
        assertThat(choice(Optional.empty(), false).forTests(MACHINE, said::add)).isSameAs(unshare);
        assertThat(choice(Optional.of(TestbedKind.QEMU), false).forTests(Set.of(), said::add)).isSameAs(unshare);

        assertThat(said.get(0)).contains("no usable", "kvm", "testing on unshare instead",
                "the tests that need isolation-machine will be skipped");
        assertThat(said.get(1)).contains("testing on unshare instead").doesNotContain("skipped");
    }

    @Test
    void anExplicitChoiceIsKept() throws Exception {
        assertThat(choice(Optional.of(TestbedKind.UNSHARE), true).forTests(MACHINE, said::add)).isSameAs(unshare);
        assertThat(said).containsExactly("testbed unshare was chosen: the tests that need isolation-machine will be"
                + " skipped (choose --testbed qemu to run them)");
        assertThat(choice(Optional.of(TestbedKind.QEMU), true).forTests(Set.of(), said::add)).isSameAs(qemu);
        assertThat(choice(Optional.of(TestbedKind.NOVA), false).forTests(MACHINE, said::add)).isSameAs(nova);
    }

    @Test
    void namesAreParsedAndABadOneNamesTheChoices() {
        assertThat(TestbedKind.parse("qemu")).isEqualTo(TestbedKind.QEMU);
        assertThat(TestbedKind.parse(" nova ")).isEqualTo(TestbedKind.NOVA);
        assertThatThrownBy(() -> TestbedKind.parse("docker")).hasMessage(
                "unknown testbed 'docker'; choose one of unshare, qemu, nova");
        assertThatThrownBy(() -> TestbedKind.parse("QEMU")).hasMessageContaining("choose one of unshare, qemu, nova");
        assertThatThrownBy(() -> TestbedKind.parse("x\u0000".repeat(100))).hasMessage(
                "unknown testbed (not shown: over 40 characters or control characters); choose one of unshare, qemu, nova");
    }

    @Test
    void theVmReachesServicesOnTheHostsLoopbackThroughItsGateway() {
        QemuTestbed q = new QemuTestbed(null, null, true);

        assertThat(q.reach("deb [trusted=yes] http://127.0.0.1:40123/ci-pool-001 bookworm main"))
                .isEqualTo("deb [trusted=yes] http://10.0.2.2:40123/ci-pool-001 bookworm main");
        assertThat(q.reach("http://localhost/debian")).isEqualTo("http://10.0.2.2/debian");
        assertThat(q.reach("http://deb.debian.org/debian")).isEqualTo("http://deb.debian.org/debian");
        assertThat(q.reach("http://127.0.0.10:80/x")).isEqualTo("http://127.0.0.10:80/x");
        assertThat(unshare.reach("http://127.0.0.1:1/")).isEqualTo("http://127.0.0.1:1/");
    }

    @Test
    void kvmThatOnlyRunsPvmGuestsIsNotUsedForAStockKernel() throws Exception {
        Files.createDirectories(tmp.resolve("modules/kvm"));
        Files.createDirectories(tmp.resolve("modules/kvm_pvm"));
        assertThat(QemuTestbed.kvmBootsLinux(tmp.resolve("modules"))).isFalse();
        Files.createDirectories(tmp.resolve("modules/kvm_intel"));
        assertThat(QemuTestbed.kvmBootsLinux(tmp.resolve("modules"))).isTrue();
    }

    private static Testbed named(String name) {
        return new Testbed() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> sbuildOptions(String series, StepConsole console) {
                return List.of();
            }

            @Override
            public List<String> virtServer(TestImage image) {
                return List.of(name);
            }
        };
    }
}
