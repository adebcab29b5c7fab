package io.jenkins.plugins.lander.steps.launchpad;

import java.time.Duration;

/**
 * The wait between two looks at Launchpad (an upload being accepted, a build, a copy, a clean):
 * Launchpad only tells by being asked again. The replay's tests pass their clock instead, which
 * moves the replayed builds on at each look.
 */
@FunctionalInterface
public interface Pacer {
    void pause() throws InterruptedException;

    static Pacer every(Duration interval) {
        return () -> Thread.sleep(interval.toMillis());
    }
}
