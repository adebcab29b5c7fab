package io.jenkins.plugins.lander.landing;

/**
 * A Pipeline step that fails the run: the landing's policy stopped it (builds or tests failed),
 * or it was asked for something the ticket does not allow. The message is the reason shown.
 */
public final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message);
    }
}
