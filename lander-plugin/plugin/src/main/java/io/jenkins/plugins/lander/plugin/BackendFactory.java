package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.io.IOException;

/**
 * The one place that constructs a concrete backend; every other class of the suite sees only
 * {@link LandingSteps}. Lowest ordinal, so that any other provider is asked first.
 */
@Extension(ordinal = -1000)
public final class BackendFactory extends LandingBackendProvider {

    @Override
    public @NonNull LandingSteps create(@NonNull LanderConfiguration config) throws IOException, InterruptedException {
        return switch (config.getBackend()) {
            case LOCAL ->
                new LocalLandingSteps(new LocalConfig(
                        config.dataPath(),
                        config.cachePath(),
                        config.getPoolSize(),
                        config.getMirror(),
                        config.seriesSet()));
            case CLOUD -> {
                // Fail on missing credentials first, so the error names what the administrator must fix.
                CredentialsLookup.secret(config.getLaunchpadCredentialsId(), "Launchpad OAuth token");
                CredentialsLookup.password(config.getOpenstackCredentialsId(), "OpenStack");
                throw new IOException("The Launchpad + OpenStack backend is not part of this release;"
                        + " choose the local backend in Manage Jenkins > System > Lander");
            }
        };
    }
}
