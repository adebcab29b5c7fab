package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LandingBackendProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@link StubLandingSteps} on the controller (no agent: the stub runs no Debian tool);
 * each test class registers a subclass as its @TestExtension. Counts the engines it closed.
 */
abstract class StubBackend extends LandingBackendProvider {
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public Built create(LanderConfiguration config, AgentLauncher agents) {
        return new Built(StubLandingSteps.INSTANCE, CLOSED::incrementAndGet);
    }
}
