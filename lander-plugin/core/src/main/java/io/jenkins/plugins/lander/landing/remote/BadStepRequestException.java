package io.jenkins.plugins.lander.landing.remote;

/** A {@link StepRequest} the builder refuses before doing anything; the message names the problem. */
public final class BadStepRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadStepRequestException(String message) {
        super(message);
    }

    public BadStepRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
