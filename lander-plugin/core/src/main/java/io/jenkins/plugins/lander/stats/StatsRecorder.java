package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.landing.LandingObserver;
import io.jenkins.plugins.lander.landing.LandingSession;
import io.jenkins.plugins.lander.landing.StepConsole;

/** Keeps every landing's non-functional stats in the repository when it ends (seed: NFSS). */
public record StatsRecorder(StatsRepository repository) implements LandingObserver {
    @Override
    public void ended(LandingSession session, LandingStats stats, StepConsole console) {
        repository.record(stats);
    }
}
