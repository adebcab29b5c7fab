package io.jenkins.plugins.lander.plugin;

/** Where the five landing steps run. */
public enum Backend {
    /**
     * build-steps-core's local backend: the aptly PPA pool and archive on the controller, sbuild,
     * mmdebstrap and autopkgtest on the build agents.
     */
    LOCAL("Debian tools: aptly PPAs on the controller, sbuild and autopkgtest on the agents"),
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
