package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A KVM virtual machine per test run: {@code autopkgtest-virt-qemu} on the series' cached VM
 * image ({@link QemuImages}), one CPU and 1 GiB, on a throw-away overlay (autopkgtest deletes it
 * and stops the VM when the run ends). It provides {@code isolation-machine}, reboots and a kernel
 * of its own. The VM reaches this host's loopback services through qemu's user-mode network, at
 * the gateway {@code 10.0.2.2}; the traffic stays inside the qemu process. Builds stay in unshare.
 */
public final class QemuTestbed implements Testbed {
    /** The host as qemu's user-mode (slirp) network shows it to the guest. */
    static final String HOST_FROM_GUEST = "10.0.2.2";
    private static final Pattern LOOPBACK = Pattern.compile("//(127\\.0\\.0\\.1|localhost|\\[::1])([:/]|$)");

    private final UnshareTestbed builds;
    private final QemuImages images;
    private final boolean kvm;

    public QemuTestbed(UnshareTestbed builds, QemuImages images) {
        this(builds, images, kvmBootsLinux(Path.of("/sys/module")));
    }

    QemuTestbed(UnshareTestbed builds, QemuImages images, boolean kvm) {
        this.builds = builds;
        this.images = images;
        this.kvm = kvm;
    }

    /**
     * Whether this host's KVM runs a stock kernel: Intel's or AMD's module. A host that only has
     * {@code kvm_pvm} (nested "pagetable-based" virtualization, as on this project's machines)
     * opens {@code /dev/kvm} and runs firmware, but a stock Debian kernel hangs right after its
     * setup code there (seen here): such a host emulates the VM instead.
     */
    static boolean kvmBootsLinux(Path modules) {
        return Files.isDirectory(modules.resolve("kvm_intel")) || Files.isDirectory(modules.resolve("kvm_amd"));
    }

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public List<String> sbuildOptions(String series, StepConsole console) throws Exception {
        return builds.sbuildOptions(series, console);
    }

    @Override
    public void prepare(String series, StepConsole console) throws Exception {
        images.image(series, console);
        if (!kvm) {
            console.out().println("this host's KVM (kvm_pvm, no kvm_intel or kvm_amd) cannot boot a stock kernel:"
                    + " the qemu testbed runs in software emulation (slower, same tests)");
        }
    }

    @Override
    public List<String> virtServer(TestImage image) {
        QemuImages.VmImage vm = QemuImages.VmImage.in(images.dir(image.series()));
        return List.of("qemu", "--qemu-command=" + (kvm ? vm.qemu() : vm.tcg()), "--cpus=1", "--ram-size=1024",
                "--timeout-reboot=" + (kvm ? 120 : 600), vm.disk().toString());
    }

    @Override
    public String reach(String url) {
        return LOOPBACK.matcher(url).replaceAll("//" + HOST_FROM_GUEST + "$2");
    }
}
