package io.jenkins.plugins.lander.steps.publish;

/** Publishing would overwrite what the archive has, or publish what was never built: nothing was copied. */
public class PublishRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishRefusedException(String message) {
        super(message);
    }
}
