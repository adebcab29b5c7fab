package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which testbed runs an upload's tests. Chosen explicitly, the chosen one (qemu without
 * {@code /dev/kvm} falls back to unshare, saying so). By default unshare, except for an upload
 * with a test that needs {@code isolation-machine}, which would be skipped there: it goes to qemu
 * when this machine has KVM. Builds always run in unshare (sbuild needs no machine of its own).
 */
public final class TestbedChoice {
    public static final String ISOLATION_MACHINE = "isolation-machine";
    static final Path KVM = Path.of("/dev/kvm");

    private final Optional<TestbedKind> chosen;
    private final Testbed unshare;
    private final Supplier<Testbed> qemu;
    private final Supplier<Testbed> nova;
    private final Path kvm;

    /**
     * @param chosen the configured kind, or empty for the default rule
     * @param nova made only when nova is chosen (it needs the OpenStack settings)
     */
    public TestbedChoice(Optional<TestbedKind> chosen, Testbed unshare, Supplier<Testbed> qemu, Supplier<Testbed> nova) {
        this(chosen, unshare, qemu, nova, KVM);
    }

    TestbedChoice(Optional<TestbedKind> chosen, Testbed unshare, Supplier<Testbed> qemu, Supplier<Testbed> nova,
            Path kvm) {
        this.chosen = chosen;
        this.unshare = unshare;
        this.qemu = qemu;
        this.nova = nova;
        this.kvm = kvm;
    }

    /**
     * The testbeds of this machine, as every backend that runs autopkgtest here makes them: unshare
     * on the base tarballs, qemu on the cached VM images of {@code CACHE/vm}, and Nova made only
     * when chosen and first used.
     *
     * @param chosen the configured kind, or empty for the default rule
     */
    public static TestbedChoice onThisMachine(Optional<TestbedKind> chosen, BaseTarballs bases, Path cacheDir,
            String mirror, String architecture, ProcessRunner runner, Supplier<Testbed> nova) {
        UnshareTestbed unshare = new UnshareTestbed(bases);
        QemuTestbed qemu = new QemuTestbed(unshare, new QemuImages(cacheDir, mirror, architecture, runner));
        return new TestbedChoice(chosen, unshare, () -> qemu, memoized(nova));
    }

    /** The default rule with no Nova: for backends that have no OpenStack settings. */
    public static TestbedChoice onThisMachine(BaseTarballs bases, Path cacheDir, String mirror, String architecture,
            ProcessRunner runner) {
        return onThisMachine(Optional.empty(), bases, cacheDir, mirror, architecture, runner, TestbedChoice::noNova);
    }

    /** The testbed builds use: unshare, whatever runs the tests. */
    public Testbed forBuilds() {
        return unshare;
    }

    private static Supplier<Testbed> memoized(Supplier<Testbed> make) {
        Testbed[] made = new Testbed[1];
        return () -> {
            synchronized (made) {
                if (made[0] == null) {
                    made[0] = make.get();
                }
                return made[0];
            }
        };
    }

    /** The Nova testbed of a Lander without OpenStack settings: choosing it is refused. */
    public static Testbed noNova() {
        throw new IllegalStateException("the nova testbed is not configured for this Lander (see docs/cloud.md)");
    }

    /** Lets the chosen remote testbed delete what it left for tickets that no longer land. */
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        if (chosen.orElse(null) == TestbedKind.NOVA) {
            nova.get().reconcile(liveTickets, console);
        }
    }

    public Optional<TestbedKind> chosen() {
        return chosen;
    }

    /**
     * The key baselines of {@code series} are cached by: the testbed of a triggered test (whose
     * restrictions are unknown, its source not unpacked), the series, the architecture and the
     * base tarball's digest, so a rebuilt base means new baselines.
     */
    public String baselineKey(String series, String architecture, BaseTarballs bases, StepConsole console) throws Exception {
        return forTests(Set.of(), line -> {}).name() + "/" + series + "/" + architecture + "/" + bases.digest(series, console);
    }

    /** The testbed for tests with these restrictions; what it means for them is said on {@code out}. */
    public Testbed forTests(Set<String> restrictions, Consumer<String> out) {
        boolean needsMachine = restrictions.contains(ISOLATION_MACHINE);
        TestbedKind kind = chosen.orElse(needsMachine ? TestbedKind.QEMU : TestbedKind.UNSHARE);
        if (kind == TestbedKind.NOVA) {
            return nova.get();
        }
        if (kind == TestbedKind.QEMU) {
            if (Files.isReadable(kvm) && Files.isWritable(kvm)) {
                if (chosen.isEmpty()) {
                    out.accept("a test needs " + ISOLATION_MACHINE + ": testing on the qemu testbed (KVM)");
                }
                return qemu.get();
            }
            out.accept("no usable " + kvm + " (KVM): the qemu testbed cannot run here, testing on unshare instead;"
                    + (needsMachine ? " the tests that need " + ISOLATION_MACHINE + " will be skipped" : ""));
            return unshare;
        }
        if (needsMachine) {
            out.accept("testbed unshare was chosen: the tests that need " + ISOLATION_MACHINE
                    + " will be skipped (choose --testbed qemu to run them)");
        }
        return unshare;
    }
}
