package io.jenkins.plugins.lander.notify;

/**
 * A build of one upload that failed, for its notification.
 *
 * @param subticketId the subticket of the upload
 * @param architecture what it was built for, or null for the ticket's
 * @param reason why, in a line
 * @param uploadLog the output of adding the built packages to the PPA: required for
 *     {@link State#FAILEDTOUPLOAD} (seed 000: that mail without it is an error), optional otherwise
 */
public record BuildFailure(int subticketId, String architecture, State state, String reason, String uploadLog) {

    /** Launchpad's names of the two build failures. */
    public enum State {
        /** The package did not build. */
        FAILEDTOBUILD("Failed to build"),
        /** It built, but its binaries could not be added to the PPA. */
        FAILEDTOUPLOAD("Failed to upload");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public BuildFailure {
        if (state == null) {
            throw new IllegalArgumentException("a build failure needs its state");
        }
        if (state == State.FAILEDTOUPLOAD && (uploadLog == null || uploadLog.isBlank())) {
            throw new IllegalArgumentException(
                    "the upload log is required for a FAILEDTOUPLOAD notification (subticket " + subticketId + ")");
        }
    }
}
