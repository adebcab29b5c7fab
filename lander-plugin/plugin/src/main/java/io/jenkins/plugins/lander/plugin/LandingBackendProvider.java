package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.jenkins.plugins.lander.landing.LandingSteps;
import java.io.IOException;

/**
 * Builds the {@link LandingSteps} backend from the global configuration. The plugin's own
 * {@link BackendFactory} serves the configured {@link Backend}; a provider with a higher ordinal
 * (a test's stub backend) is asked first.
 */
public abstract class LandingBackendProvider implements ExtensionPoint {

    /** The backend for these settings, or null when this provider does not serve them. */
    public abstract @CheckForNull LandingSteps create(@NonNull LanderConfiguration config)
            throws IOException, InterruptedException;

    static @NonNull LandingSteps createBackend(@NonNull LanderConfiguration config)
            throws IOException, InterruptedException {
        for (LandingBackendProvider provider : ExtensionList.lookup(LandingBackendProvider.class)) {
            LandingSteps steps = provider.create(config);
            if (steps != null) {
                return steps;
            }
        }
        throw new IOException(
                "No landing backend serves '" + config.getBackend().getDisplayName() + "'");
    }
}
