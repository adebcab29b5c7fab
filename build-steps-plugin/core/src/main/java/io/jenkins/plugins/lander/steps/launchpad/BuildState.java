package io.jenkins.plugins.lander.steps.launchpad;

import io.jenkins.plugins.lander.landing.BuildResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * Launchpad's build states by the titles its web service shows in a build's {@code buildstate}
 * ({@code BuildStatus} in {@code lib/lp/buildmaster/enums.py}; the same options are listed in
 * python3-launchpadlib's WADL), and what each means for a landing.
 */
public enum BuildState {
    NEEDSBUILD("Needs building", null),
    FULLYBUILT("Successfully built", BuildResult.COMPLETED),
    FAILEDTOBUILD("Failed to build", BuildResult.FAILED),
    MANUALDEPWAIT("Dependency wait", BuildResult.DEPWAIT),
    CHROOTWAIT("Chroot problem", BuildResult.FAILED),
    SUPERSEDED("Build for superseded Source", BuildResult.FAILED),
    BUILDING("Currently building", null),
    FAILEDTOUPLOAD("Failed to upload", BuildResult.FAILED),
    UPLOADING("Uploading build", null),
    CANCELLING("Cancelling build", null),
    CANCELLED("Cancelled build", BuildResult.FAILED);

    private final String title;
    private final String outcome;

    BuildState(String title, String outcome) {
        this.title = title;
        this.outcome = outcome;
    }

    public String title() {
        return title;
    }

    /** The engine's build state ({@link BuildResult#COMPLETED}, {@code FAILED}, {@code DEPWAIT}); empty while Launchpad is still at it. */
    public Optional<String> outcome() {
        return Optional.ofNullable(outcome);
    }

    public boolean finished() {
        return outcome != null;
    }

    /** The state of a title; an unknown title is an error, never taken for success. */
    public static BuildState ofTitle(String title) {
        return Arrays.stream(values()).filter(s -> s.title.equals(title)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown Launchpad build state '" + title + "'"));
    }
}
