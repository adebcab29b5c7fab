package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import io.jenkins.plugins.lander.landing.remote.RemoteLandingSteps;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.io.IOException;

/**
 * The one place that constructs a concrete backend; every other class of the suite sees only
 * {@link io.jenkins.plugins.lander.landing.LandingSteps}. The local backend's pool and archive
 * run on the controller and are served, with the PPA service's API, at the configured address;
 * its builds run on agents. Lowest ordinal, so that any other provider is asked first.
 */
@Extension(ordinal = -1000)
public final class BackendFactory extends LandingBackendProvider {

    @Override
    public @NonNull Built create(@NonNull LanderConfiguration config, @NonNull AgentLauncher agents)
            throws IOException, InterruptedException {
        return switch (config.getBackend()) {
            case LOCAL -> {
                LocalLandingSteps pool = new LocalLandingSteps(new LocalConfig(
                        config.dataPath().resolve("backend"),
                        config.cachePath(),
                        config.getPoolSize(),
                        config.getMirror(),
                        config.seriesSet(),
                        true,
                        null,
                        config.getPpaAddress()));
                try {
                    pool.servePpaService(config.ppaToken().getPlainText());
                } catch (RuntimeException e) {
                    pool.close();
                    throw e;
                }
                yield new Built(new RemoteLandingSteps(
                        pool, agents, pool.ppaServiceUri().toString(), pool.config().mirrorTriggers()), pool);
            }
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
