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
import java.util.Optional;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import io.jenkins.plugins.lander.steps.testbed.nova.NovaTestbed;

/**
 * The one place that picks the backend of the steps, for the CLI and the server alike:
 * {@code LANDER_BACKEND=local} (the default; aptly, sbuild on this machine) or {@code launchpad}
 * (PPAs and builds on Launchpad, see docs/cloud.md), and the local backend's testbed
 * ({@code LANDER_TESTBED}: {@code unshare}, {@code qemu} or {@code nova}; unset, the default rule of
 * {@link TestbedChoice}). Bad settings are {@link IllegalArgumentException}s
 * naming the setting, before anything is created.
 */
public final class LandingBackends {
    public static final String VARIABLE = "LANDER_BACKEND";
    public static final String TESTBED_VARIABLE = "LANDER_TESTBED";

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
            case "local" -> local(backendDir, settings, local, runner);
            case "launchpad" -> launchpad(backendDir, settings, local, runner);
            default -> throw new IllegalArgumentException(VARIABLE + " must be local or launchpad, not '" + name + "'");
        };
    }

    private static LandingBackend local(Path backendDir, Map<String, String> settings, LocalConfig local,
            ProcessRunner runner) throws IOException, InterruptedException {
        Optional<TestbedKind> testbed = testbed(settings);
        // the Nova settings are checked now, before anything runs, when nova is chosen
        Testbed nova = testbed.orElse(null) == TestbedKind.NOVA
                ? NovaTestbed.fromEnvironment(settings, backendDir.resolve("nova"), runner)
                : null;
        return new LocalLandingSteps(local, runner, testbed, nova == null ? TestbedChoice::noNova : () -> nova);
    }

    /** The chosen testbed ({@code LANDER_TESTBED}), or empty for the default rule. */
    public static Optional<TestbedKind> testbed(Map<String, String> settings) {
        String name = settings.get(TESTBED_VARIABLE);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TestbedKind.parse(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TESTBED_VARIABLE + ": " + e.getMessage());
        }
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
