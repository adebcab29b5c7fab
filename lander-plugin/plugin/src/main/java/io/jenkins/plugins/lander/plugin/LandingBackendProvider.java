package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import java.io.IOException;

/**
 * Builds the controller engine's {@link LandingSteps} from the global configuration: the PPA pool
 * stays on the controller and the actions that need Debian tools go to {@code agents}. The
 * plugin's own {@link BackendFactory} serves the configured backends; a provider with a
 * higher ordinal (a test's stub backend) is asked first.
 */
public abstract class LandingBackendProvider implements ExtensionPoint {

    /** The engine's steps and what to close with them (the pool and its HTTP server). */
    public record Built(
            @NonNull LandingSteps steps, @NonNull AutoCloseable resources) {}

    /** The backend for these settings, or null when this provider does not serve them. */
    public abstract @CheckForNull Built create(@NonNull LanderConfiguration config, @NonNull AgentLauncher agents)
            throws IOException, InterruptedException;

    public static @NonNull Built createBackend(@NonNull LanderConfiguration config, @NonNull AgentLauncher agents)
            throws IOException, InterruptedException {
        for (LandingBackendProvider provider : ExtensionList.lookup(LandingBackendProvider.class)) {
            Built built = provider.create(config, agents);
            if (built != null) {
                return built;
            }
        }
        throw new IOException("No landing backend serves " + config.selection());
    }
}
