package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.steps.repo.StateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cached VM image of each series for the qemu testbed, {@code CACHE/vm/SERIES-ARCH-v1/}:
 * {@code disk.qcow2} (an ext4 root file system with no partition table and no boot loader), the
 * image's own {@code vmlinuz} and {@code initrd.img}, and {@code qemu} and {@code qemu-tcg}, the
 * commands autopkgtest-virt-qemu runs, which boot that kernel directly (on KVM, or emulated).
 *
 * <p>Made with mmdebstrap (as root: the file system keeps real owners) and autopkgtest's own
 * {@code setup-testbed} (root shell on ttyS1, DHCP, eatmydata), then {@code mkfs.ext4 -d} and
 * {@code qemu-img convert}: no loop devices, no vmdb2, no partitioning. The series' packages are
 * not in the image: autopkgtest installs the upload and its test dependencies from the mirror and
 * the PPA. Built once per series, under a lock; a half-built image is never used.
 */
public final class QemuImages {
    static final String RECIPE = "v1";
    static final List<String> PACKAGES = List.of("linux-image-amd64", "systemd-sysv", "udev", "ifupdown",
            "isc-dhcp-client", "netbase", "initramfs-tools", "apt-utils", "ca-certificates");
    /** Sparse: only what is written takes space; enough for the tests' dependencies. */
    static final String DISK_SIZE = "6G";
    static final String SETUP_TESTBED = "/usr/share/autopkgtest/setup-commands/setup-testbed";
    private static final List<String> PHASES = List.of("bootstrapping the system", "making the ext4 file system",
            "converting to qcow2", "done");

    private final Path dir;
    private final String mirror;
    private final String architecture;
    private final ProcessRunner runner;

    public QemuImages(Path cacheDir, String mirror, String architecture, ProcessRunner runner) {
        this.dir = cacheDir.resolve("vm");
        this.mirror = mirror;
        this.architecture = architecture;
        this.runner = runner;
    }

    /** One series' image: the files autopkgtest-virt-qemu is given. */
    public record VmImage(Path disk, Path kernel, Path initrd, Path qemu, Path tcg) {
        static VmImage in(Path dir) {
            return new VmImage(dir.resolve("disk.qcow2"), dir.resolve("vmlinuz"), dir.resolve("initrd.img"),
                    dir.resolve("qemu"), dir.resolve("qemu-tcg"));
        }
    }

    public Path dir(String series) {
        return dir.resolve(series + "-" + architecture + "-" + RECIPE);
    }

    /** The series' image, built first when missing. */
    public VmImage image(String series, StepConsole console) throws Exception {
        Path target = dir(series);
        VmImage image = VmImage.in(target);
        if (Files.isRegularFile(image.qemu())) {
            return image; // the command is written last: its presence means the image is whole
        }
        return new StateFile(target.resolveSibling(target.getFileName() + ".state")).locked(() -> {
            if (Files.isRegularFile(image.qemu())) {
                return image; // another Lander built it while this one waited
            }
            build(series, target, console);
            return image;
        });
    }

    private void build(String series, Path target, StepConsole console) throws Exception {
        Path partial = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        FileTrees.delete(partial);
        FileTrees.delete(target); // incomplete: its command was never written
        Files.createDirectories(partial);
        console.out().println("building the " + series + " VM image for the qemu testbed in " + target
                + " (once per series)");
        try {
            Path root = partial.resolve("root");
            console.progress(1, PHASES.size(), PHASES.get(0));
            run(List.of("mmdebstrap", "--mode=root", "--variant=apt", "--include=" + String.join(",", PACKAGES),
                    "--customize-hook=" + SETUP_TESTBED + " \"$1\"", series, root.toString(),
                    "deb " + mirror + " " + series + " main"), "mmdebstrap could not bootstrap the VM image", console);
            Files.copy(newest(root.resolve("boot"), "vmlinuz-"), partial.resolve("vmlinuz"));
            Files.copy(newest(root.resolve("boot"), "initrd.img-"), partial.resolve("initrd.img"));
            console.progress(2, PHASES.size(), PHASES.get(1));
            Path raw = partial.resolve("disk.ext4");
            run(List.of("mkfs.ext4", "-q", "-L", "autopkgtest", "-d", root.toString(), raw.toString(), DISK_SIZE),
                    "mkfs.ext4 could not make the VM's file system", console);
            FileTrees.delete(root);
            console.progress(3, PHASES.size(), PHASES.get(2));
            run(List.of("qemu-img", "convert", "-O", "qcow2", raw.toString(), partial.resolve("disk.qcow2").toString()),
                    "qemu-img could not convert the VM image", console);
            Files.delete(raw);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            writeCommands(VmImage.in(target));
            console.progress(4, PHASES.size(), PHASES.get(3));
        } catch (Exception e) {
            FileTrees.delete(partial);
            throw e;
        }
    }

    /**
     * autopkgtest-virt-qemu splits {@code --qemu-options} at blanks, so a kernel command line
     * cannot pass through it: these commands add the direct kernel boot to the arguments they are
     * given; {@code qemu-tcg} also drops the {@code -enable-kvm} autopkgtest adds whenever
     * {@code /dev/kvm} exists, for hosts whose KVM cannot boot this kernel.
     */
    private void writeCommands(VmImage image) throws IOException {
        String boot = " -kernel '" + image.kernel() + "' -initrd '" + image.initrd()
                + "' -append 'root=/dev/vda rw console=ttyS0 net.ifnames=0 quiet'\n";
        String qemu = "qemu-system-" + qemuArchitecture();
        write(image.tcg(), "#!/bin/sh\n# the qemu of autopkgtest-virt-qemu for this image, in software emulation\n"
                + "for a in \"$@\"; do shift; [ \"$a\" = -enable-kvm ] || set -- \"$@\" \"$a\"; done\n"
                + "exec " + qemu + " -accel tcg \"$@\"" + boot);
        // last: its presence means the image is whole
        write(image.qemu(), "#!/bin/sh\n# the qemu of autopkgtest-virt-qemu for this image: boot its own kernel\n"
                + "exec " + qemu + " \"$@\"" + boot);
    }

    private static void write(Path command, String script) throws IOException {
        Path partial = command.resolveSibling(command.getFileName() + ".partial");
        Files.writeString(partial, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(partial, command, StandardCopyOption.ATOMIC_MOVE);
    }

    private String qemuArchitecture() {
        return switch (architecture) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            case "i386" -> "i386";
            default -> throw new IllegalStateException("the qemu testbed does not know how to boot " + architecture);
        };
    }

    private static Path newest(Path boot, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(boot)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IOException("the VM image has no " + prefix + "* in " + boot));
        }
    }

    private void run(List<String> argv, String failure, StepConsole console) throws Exception {
        ProcessRunner.Result r = runner.run(Command.of(argv), console.out()::println);
        if (!r.ok()) {
            throw new IOException(failure + " (exit " + r.exitCode() + "): "
                    + String.join(" | ", r.tail().subList(Math.max(0, r.tail().size() - 5), r.tail().size())));
        }
    }
}
