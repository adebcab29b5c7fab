package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import java.util.List;

/**
 * Where packages are built and tested: an autopkgtest virt-server and its arguments, as
 * autopkgtest's {@code -- VIRT-SERVER ARGS…} protocol and debusine's executors name them
 * ({@code unshare}, {@code qemu}, {@code ssh}). The build step asks it how sbuild gets its chroot,
 * the test step which virt-server runs the tests on an image.
 */
public interface Testbed {
    /** The virt-server's name: {@code unshare}, {@code qemu}, {@code ssh}. */
    String name();

    /** sbuild's options for a build in this testbed on the series' base (its chroot mode and chroot). */
    List<String> sbuildOptions(String series, StepConsole console) throws Exception;

    /** What follows autopkgtest's {@code --}: the virt-server and its arguments for the image. */
    List<String> virtServer(TestImage image);
}
