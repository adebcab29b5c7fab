package io.jenkins.plugins.lander.steps;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadClient;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadConfig;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadLandingSteps;
import io.jenkins.plugins.lander.steps.launchpad.OAuthSigner;
import io.jenkins.plugins.lander.steps.launchpad.Pacer;
import io.jenkins.plugins.lander.steps.local.BuilderLandingSteps;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import io.jenkins.plugins.lander.steps.testbed.nova.NovaSettings;
import io.jenkins.plugins.lander.steps.testbed.nova.NovaTestbed;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that picks the backend of the steps, for the CLI, the server, Jenkins and a
 * builder ({@code lander step}) alike: {@code LANDER_BACKEND=local} (the default; aptly, sbuild on
 * this machine) or {@code launchpad} (PPAs and builds on Launchpad, see docs/cloud.md), and the
 * testbed ({@code LANDER_TESTBED}: {@code unshare}, {@code qemu} or {@code nova}; unset, the
 * default rule of {@link TestbedChoice}). Bad settings are {@link IllegalArgumentException}s
 * naming the setting, before anything is created.
 */
public final class LandingBackends {
    public static final String VARIABLE = "LANDER_BACKEND";
    public static final String TESTBED_VARIABLE = "LANDER_TESTBED";
    public static final String LOCAL = "local";
    public static final String LAUNCHPAD = "launchpad";

    private LandingBackends() {}

    /**
     * @param backendDir the data directory's {@code backend/}
     * @param settings the environment with lander.conf's settings merged in under their variable names
     * @param local the local settings (mirror, cache), which the Launchpad backend's tests use too
     */
    public static LandingBackend open(Path backendDir, Map<String, String> settings, LocalConfig local, ProcessRunner runner)
            throws IOException, InterruptedException {
        String kind = kind(settings);
        Optional<TestbedKind> testbed = testbed(settings);
        Supplier<Testbed> nova = nova(backendDir, settings, testbed, runner);
        if (kind.equals(LAUNCHPAD)) {
            return launchpad(backendDir, settings, local, runner, testbed, nova);
        }
        return new LocalLandingSteps(local, runner, testbed, nova);
    }

    /**
     * A builder's backend ({@code lander step}): the actions a controller sends it, on this
     * machine's tools, for the backend and testbed its environment names as the controller's does.
     *
     * @param dataDir the builder's {@code backend/}
     * @param ppaService the request's PPA service (the local backend's builds go there); null for Launchpad
     * @param token the PPA service's write token (local backend)
     */
    public static LandingSteps builder(Path dataDir, Map<String, String> settings, LocalConfig local, ProcessRunner runner,
            URI ppaService, String token, String series) throws IOException, InterruptedException {
        String kind = kind(settings);
        Optional<TestbedKind> testbed = testbed(settings);
        Supplier<Testbed> nova = nova(dataDir, settings, testbed, runner);
        if (kind.equals(LAUNCHPAD)) {
            return launchpad(dataDir, settings, local, runner, testbed, nova);
        }
        if (ppaService == null) {
            throw new IllegalArgumentException("the request names no PPA service, which the local backend's builds need"
                    + " (is the controller's " + VARIABLE + " launchpad and this builder's not?)");
        }
        return new BuilderLandingSteps(local, runner, ppaService, token, series, testbed, nova);
    }

    /**
     * Checks the settings as {@link #open} and {@link #builder} read them, making and reaching
     * nothing: the backend's name, the Launchpad settings and token, the testbed and, for nova,
     * its settings and the OpenStack credentials.
     */
    public static void check(Map<String, String> settings) throws IOException {
        if (kind(settings).equals(LAUNCHPAD)) {
            LaunchpadConfig.fromEnvironment(settings);
            LaunchpadCredentials.fromEnvironment(settings);
        }
        if (testbed(settings).orElse(null) == TestbedKind.NOVA) {
            NovaSettings.fromEnvironment(settings);
            OpenStackSettings.fromEnv(settings);
        }
    }

    /** {@code local} or {@code launchpad}; anything else is refused. */
    public static String kind(Map<String, String> settings) {
        String name = settings.getOrDefault(VARIABLE, LOCAL).strip();
        if (name.isEmpty() || name.equals(LOCAL)) {
            return LOCAL;
        }
        if (name.equals(LAUNCHPAD)) {
            return LAUNCHPAD;
        }
        throw new IllegalArgumentException(VARIABLE + " must be local or launchpad, not '" + name + "'");
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

    /** The Nova testbed, its settings checked now, before anything runs, when nova is chosen. */
    private static Supplier<Testbed> nova(Path backendDir, Map<String, String> settings, Optional<TestbedKind> testbed,
            ProcessRunner runner) throws IOException {
        if (testbed.orElse(null) != TestbedKind.NOVA) {
            return TestbedChoice::noNova;
        }
        Testbed nova = NovaTestbed.fromEnvironment(settings, backendDir.resolve("nova"), runner);
        return () -> nova;
    }

    private static LandingBackend launchpad(Path backendDir, Map<String, String> settings, LocalConfig local,
            ProcessRunner runner, Optional<TestbedKind> testbed, Supplier<Testbed> nova) throws IOException, InterruptedException {
        LaunchpadConfig config = LaunchpadConfig.fromEnvironment(settings);
        LaunchpadCredentials credentials = LaunchpadCredentials.fromEnvironment(settings);
        LaunchpadClient lp = new LaunchpadClient(config.api(), new OAuthSigner(credentials, Clock.systemUTC()), Retry.DEFAULT);
        return new LaunchpadLandingSteps(config, lp, local, backendDir.resolve("launchpad"), runner,
                Pacer.every(config.poll()), settings.getOrDefault("LANDER_LAUNCHPAD_DPUT_CODENAMES", "ubuntu").strip(),
                testbed, nova);
    }
}
