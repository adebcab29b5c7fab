package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.ticket.SubTicket;

/**
 * Told of what a landing did, for what outlives it: the non-functional stats, mail. An observer
 * that fails is reported on the ticket's console and never fails the landing.
 */
public interface LandingObserver {
    /** An upload did not build (its subticket is failed; the ticket may still go on). */
    default void buildFailed(LandingSession session, SubTicket sub, BuildResult build, StepConsole console) throws Exception {}

    /** The landing's verdict is saved and its PPA released. */
    default void ended(LandingSession session, LandingStats stats, StepConsole console) throws Exception {}

    /** A Lander process starts on the data directory: catch up with what happened while none ran. */
    default void starting(Engine engine, StepConsole console) throws Exception {}
}
