package io.jenkins.plugins.lander.steps;

import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.LandingSteps;

/** A backend of the landing's steps as a process opens it: it tells its tools' time and is closed at the end. */
public interface LandingBackend extends LandingSteps, AutoCloseable {
    /** How long the backend's tools took, for the benchmark's overhead. */
    ToolClock toolClock();

    /** How many PPAs the pool holds: as many tickets can land side by side. */
    int poolSize();

    @Override
    void close();
}
