package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.steps.image.BaseTarballs;
import java.util.List;

/**
 * The default testbed: user namespaces on this machine, no root daemon and no VM. sbuild unpacks
 * the series' cached base tarball ({@code --chroot-mode=unshare}); autopkgtest runs on
 * {@code autopkgtest-virt-unshare} with the test image tarball. It cannot run tests that need a
 * whole machine ({@code isolation-machine}): autopkgtest skips them.
 */
public final class UnshareTestbed implements Testbed {
    private final BaseTarballs bases;

    public UnshareTestbed(BaseTarballs bases) {
        this.bases = bases;
    }

    @Override
    public String name() {
        return "unshare";
    }

    @Override
    public List<String> sbuildOptions(String series, StepConsole console) throws Exception {
        return List.of("--chroot-mode=unshare", "--chroot=" + bases.path(series, console));
    }

    @Override
    public List<String> virtServer(TestImage image) {
        return List.of("unshare", "--tarball=" + image.reference(), "--release=" + image.series());
    }
}
