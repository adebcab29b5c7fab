package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LandingBackendProvider;

/** Serves {@link StubLandingSteps}; each test class registers a subclass as its @TestExtension. */
abstract class StubBackend extends LandingBackendProvider {
    @Override
    public LandingSteps create(LanderConfiguration config) {
        return StubLandingSteps.INSTANCE;
    }
}
