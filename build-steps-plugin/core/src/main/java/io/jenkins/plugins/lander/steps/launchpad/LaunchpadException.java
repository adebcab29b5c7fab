package io.jenkins.plugins.lander.steps.launchpad;

import java.io.IOException;

/** Launchpad answered with an error: lazr.restful sends the reason as a text/plain body. */
public final class LaunchpadException extends IOException {
    private final int status;

    public LaunchpadException(String what, int status, String body) {
        super(what + ": Launchpad answered " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String abbreviate(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= 500 ? line : line.substring(0, 500) + "…";
    }
}
