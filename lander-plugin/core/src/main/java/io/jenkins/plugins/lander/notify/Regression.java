package io.jenkins.plugins.lander.notify;

import java.util.Objects;

/**
 * One row of a ticket's reverse-dependency table: a triggered test and britney's verdict for it
 * (PASS, REGRESSION, ALWAYSFAIL, NEUTRAL, IGNORE-FAIL, RUNNING).
 *
 * @param log a link to the test's log, or null
 */
public record Regression(String source, String version, String arch, String verdict, String log) {
    public Regression {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(verdict, "verdict");
    }
}
