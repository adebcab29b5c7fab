package io.jenkins.plugins.lander.steps;

import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadClient;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadConfig;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadLandingSteps;
import io.jenkins.plugins.lander.steps.launchpad.OAuthSigner;
import io.jenkins.plugins.lander.steps.launchpad.Pacer;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The one place that picks the backend of the steps, for the CLI and the server alike:
 * {@code LANDER_BACKEND=local} (the default; aptly, sbuild on this machine) or {@code launchpad}
 * (PPAs and builds on Launchpad, see docs/cloud.md). Bad settings are {@link IllegalArgumentException}s
 * naming the setting, before anything is created.
 */
public final class LandingBackends {
    public static final String VARIABLE = "LANDER_BACKEND";

    private LandingBackends() {}

    /**
     * @param backendDir the data directory's {@code backend/}
     * @param settings the environment with lander.conf's settings merged in under their variable names
     * @param local the local settings (mirror, cache), which the Launchpad backend's tests use too
     */
    public static LandingBackend open(Path backendDir, Map<String, String> settings, LocalConfig local, ProcessRunner runner)
            throws IOException, InterruptedException {
        String name = settings.getOrDefault(VARIABLE, "local").strip();
        return switch (name.isEmpty() ? "local" : name) {
            case "local" -> new LocalLandingSteps(local, runner);
            case "launchpad" -> launchpad(backendDir, settings, local, runner);
            default -> throw new IllegalArgumentException(VARIABLE + " must be local or launchpad, not '" + name + "'");
        };
    }

    private static LandingBackend launchpad(Path backendDir, Map<String, String> settings, LocalConfig local,
            ProcessRunner runner) throws IOException, InterruptedException {
        LaunchpadConfig config = LaunchpadConfig.fromEnvironment(settings);
        String file = settings.get(LaunchpadCredentials.VARIABLE);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(LaunchpadCredentials.VARIABLE
                    + " must name the Launchpad credentials file (launchpadlib's format) for LANDER_BACKEND=launchpad");
        }
        LaunchpadCredentials credentials = LaunchpadCredentials.read(Path.of(file.strip()));
        LaunchpadClient lp = new LaunchpadClient(config.api(), new OAuthSigner(credentials, Clock.systemUTC()), Retry.DEFAULT);
        return new LaunchpadLandingSteps(config, lp, local, backendDir.resolve("launchpad"), runner,
                Pacer.every(config.poll()), settings.getOrDefault("LANDER_LAUNCHPAD_DPUT_CODENAMES", "ubuntu").strip());
    }
}
