package io.jenkins.plugins.lander.bridge;

/** A landing request the bridge refuses with 400 and this message; nothing was scheduled. */
final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
