package io.jenkins.plugins.lander.landing;

/**
 * An action the landing policy or the ticket's state does not allow now (testing an upload that
 * did not build, building before the PPA is reserved, acting on a closed ticket). The message
 * says what to do instead; faces show it as it is.
 */
public final class LandingRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LandingRefusedException(String message) {
        super(message);
    }
}
