package io.jenkins.plugins.lander.steps.testbed.nova;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the Nova testbed boots. The OpenStack credentials are not here: the setup script reads
 * them from the {@code OS_*} environment it inherits (or the file {@code LANDER_OPENRC} names),
 * so no password is ever on a command line or in a file the Lander writes.
 *
 * @param image the Glance image id to boot ({@code LANDER_NOVA_IMAGE}); empty: the ticket's image
 *     (the cloud image step's reference)
 * @param flavor the flavor id ({@code LANDER_NOVA_FLAVOR})
 * @param network the network id, when the project has several ({@code LANDER_NOVA_NETWORK})
 * @param login the image's ssh user ({@code LANDER_NOVA_LOGIN}, default {@code debian}, as
 *     Debian's cloud images name it)
 * @param openrc the openrc file, when the settings come from one ({@code LANDER_OPENRC})
 */
public record NovaSettings(Optional<String> image, String flavor, Optional<String> network, String login,
        Optional<Path> openrc) {
    public static final String IMAGE = "LANDER_NOVA_IMAGE";
    public static final String FLAVOR = "LANDER_NOVA_FLAVOR";
    public static final String NETWORK = "LANDER_NOVA_NETWORK";
    public static final String LOGIN = "LANDER_NOVA_LOGIN";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    public NovaSettings {
        check(FLAVOR, flavor);
        check(LOGIN, login);
        image.ifPresent(v -> check(IMAGE, v));
        network.ifPresent(v -> check(NETWORK, v));
    }

    public static NovaSettings fromEnvironment(Map<String, String> env) {
        return new NovaSettings(value(env, IMAGE), value(env, FLAVOR).orElseThrow(
                () -> new IllegalArgumentException("the nova testbed needs " + FLAVOR + " (a flavor id)")),
                value(env, NETWORK), value(env, LOGIN).orElse("debian"),
                value(env, "LANDER_OPENRC").map(Path::of));
    }

    /** Ids and names go into a shell script and a command line: nothing there may be shell syntax. */
    private static void check(String name, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be an id or name of letters, digits and . _ : -");
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
