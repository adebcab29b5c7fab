package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import io.jenkins.plugins.lander.landing.remote.RemoteLandingSteps;
import io.jenkins.plugins.lander.steps.LandingBackend;
import io.jenkins.plugins.lander.steps.LandingBackends;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place that opens the configured backend, through the core's {@link LandingBackends}
 * with the settings {@link LanderConfiguration#backendSettings} maps the form to (the CLI's and
 * the server's names); every other class of the suite sees only
 * {@link io.jenkins.plugins.lander.landing.LandingSteps}. The pool stays here: the local
 * backend's aptly PPAs and archive, served with the PPA service's API at the configured address,
 * or Launchpad's PPAs, reached over its web service. Every build, image, test and publication
 * runs on the agents ({@code lander step}, which gets the same backend and testbed in its
 * environment). Lowest ordinal, so that any other provider is asked first.
 */
@Extension(ordinal = -1000)
public final class BackendFactory extends LandingBackendProvider {

    @Override
    public @NonNull Built create(@NonNull LanderConfiguration config, @NonNull AgentLauncher agents)
            throws IOException, InterruptedException {
        Path backendDir = config.dataPath().resolve("backend");
        LocalConfig local = new LocalConfig(
                backendDir,
                config.cachePath(),
                config.getPoolSize(),
                config.getMirror(),
                config.seriesSet(),
                true,
                null,
                config.getPpaAddress());
        LandingBackend backend;
        try {
            backend = LandingBackends.open(
                    backendDir, config.backendSettings(), local, new ProcessRunner(new ToolClock()));
        } catch (IllegalArgumentException e) {
            throw new IOException("Lander configuration: " + e.getMessage(), e);
        }
        if (!(backend instanceof LocalLandingSteps pool)) {
            // Launchpad's PPAs are reachable from every agent: the builders take the pool's apt lines
            return new Built(new RemoteLandingSteps(backend, agents, null, local.mirrorTriggers()), backend);
        }
        try {
            pool.servePpaService(config.ppaToken().getPlainText());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Built(
                new RemoteLandingSteps(pool, agents, pool.ppaServiceUri().toString(), local.mirrorTriggers()), pool);
    }
}
