package io.jenkins.plugins.lander.plugin;

/** Where the five landing steps run. */
public enum Backend {
    /** sbuild, aptly and autopkgtest on the Jenkins controller (build-steps-core's local backend). */
    LOCAL("Local Debian tools (sbuild, aptly, autopkgtest-virt-unshare)"),
    /** Launchpad PPAs and OpenStack testbeds; needs the Launchpad and OpenStack credentials. */
    CLOUD("Launchpad + OpenStack");

    private final String displayName;

    Backend(String displayName) {
        this.displayName = displayName;
    }

    public String getDisplayName() {
        return displayName;
    }
}
