package io.jenkins.plugins.lander.steps.testbed;

import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import java.util.List;
import java.util.Set;

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

    /** The virt-server for one ticket's tests (a testbed that tags what it makes with the ticket overrides it). */
    default List<String> virtServer(TestImage image, String ticket) {
        return virtServer(image);
    }

    /** Removes what this testbed left for tickets that no longer land (a Lander killed mid-test); nothing by default. */
    default void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {}

    /** Makes what {@link #virtServer} needs for the series (a VM image, a server), once; nothing by default. */
    default void prepare(String series, StepConsole console) throws Exception {}

    /**
     * The URL by which the testbed reaches {@code url}, a service of this machine (the PPA's
     * repository server, an apt proxy on loopback): the same in a namespace of this host; a VM
     * reaches the host's loopback through its user-mode network's gateway.
     */
    default String reach(String url) {
        return url;
    }
}
