package io.jenkins.plugins.lander.landing.remote;

import java.util.List;

/**
 * What a builder says of the testbed its tests run on (a {@code testbed} request): facts of that
 * machine, which the controller cannot guess.
 *
 * @param architectures the architectures its tests run on (its dpkg architecture)
 * @param key the testbed's key ({@code LandingSteps.testbedKey}): baselines are comparable only on equal keys
 */
public record BuilderTestbed(List<String> architectures, String key) {
    public BuilderTestbed {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
    }
}
