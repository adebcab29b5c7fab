package io.jenkins.plugins.lander.steps;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.datastore.DataStores;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import io.jenkins.plugins.lander.steps.testbed.nova.NovaSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Lander's three backend choices and their settings as a configuration page holds them (the
 * Jenkins global configuration): PPAs and builds ({@code local} or {@code launchpad}), the data
 * store ({@code local} or {@code swift}) and the testbed ({@code unshare}, {@code qemu},
 * {@code nova}, or none for the default rule). It turns them into the settings the CLI and the
 * server read from the environment and {@code lander.conf} ({@code LANDER_BACKEND},
 * {@code LANDER_LAUNCHPAD_*}, {@code LANDER_DATA_STORE}, {@code OS_*}, {@code LANDER_TESTBED},
 * {@code LANDER_NOVA_*}), so every face opens its backends through the same
 * {@link LandingBackends} and {@link DataStores}, and a builder's {@code lander step} gets the
 * backend and testbed of its controller by the same names.
 *
 * <p>Secrets are no part of it: the caller resolves them where it keeps them, when it uses the
 * settings ({@link Secrets}), so they are in no configuration file.
 *
 * @param ppas {@link LandingBackends#LOCAL} or {@link LandingBackends#LAUNCHPAD}
 * @param dataStore {@link DataStores#LOCAL} or {@link DataStores#SWIFT}
 * @param testbed a {@link TestbedKind}'s label, or empty for the default rule
 * @param values the plain settings; blank ones count as not set
 */
public record BackendSelection(String ppas, String dataStore, String testbed, Map<Setting, String> values) {

    /** A plain setting: the variable the CLI reads it from and what a form calls it. */
    public enum Setting {
        LAUNCHPAD_OWNER("LANDER_LAUNCHPAD_OWNER", "Launchpad PPA owner", true),
        LAUNCHPAD_ARCHIVE("LANDER_LAUNCHPAD_ARCHIVE", "Launchpad target archive", true),
        LAUNCHPAD_SIGNING_KEY("LANDER_LAUNCHPAD_SIGNING_KEY", "upload signing key", true),
        LAUNCHPAD_GNUPGHOME("LANDER_LAUNCHPAD_GNUPGHOME", "GnuPG home of the signing key", false),
        LAUNCHPAD_SERIES("LANDER_LAUNCHPAD_SERIES", "series", false),
        LAUNCHPAD_POOL_SIZE("LANDER_LAUNCHPAD_POOL_SIZE", "PPA pool size", false),
        LAUNCHPAD_API("LANDER_LAUNCHPAD_API", "Launchpad API URL", false),
        OS_AUTH_URL(OpenStackSettings.AUTH_URL, "OpenStack Keystone URL", true),
        OS_PROJECT_NAME(OpenStackSettings.PROJECT_NAME, "OpenStack project", true),
        OS_USER_DOMAIN_NAME(OpenStackSettings.USER_DOMAIN_NAME, "OpenStack user domain", false),
        OS_PROJECT_DOMAIN_NAME(OpenStackSettings.PROJECT_DOMAIN_NAME, "OpenStack project domain", false),
        OS_REGION_NAME(OpenStackSettings.REGION_NAME, "OpenStack region", false),
        NOVA_FLAVOR(NovaSettings.FLAVOR, "Nova flavor", true),
        NOVA_IMAGE(NovaSettings.IMAGE, "Nova image", false),
        NOVA_NETWORK(NovaSettings.NETWORK, "Nova network", false),
        NOVA_LOGIN(NovaSettings.LOGIN, "Nova image's ssh user", false);

        private final String variable;
        private final String label;
        private final boolean required;

        Setting(String variable, String label, boolean required) {
            this.variable = variable;
            this.label = label;
            this.required = required;
        }

        public String variable() {
            return variable;
        }

        /** What it is called on a form, with its variable: {@code Nova flavor (LANDER_NOVA_FLAVOR)}. */
        public String label() {
            return label + " (" + variable + ")";
        }
    }

    private static final Set<Setting> LAUNCHPAD = EnumSet.range(Setting.LAUNCHPAD_OWNER, Setting.LAUNCHPAD_API);
    private static final Set<Setting> OPENSTACK = EnumSet.range(Setting.OS_AUTH_URL, Setting.OS_REGION_NAME);
    private static final Set<Setting> NOVA = EnumSet.range(Setting.NOVA_FLAVOR, Setting.NOVA_LOGIN);

    /**
     * The secrets, resolved by the caller at use time; empty when not configured.
     *
     * @param launchpad the Launchpad OAuth token
     * @param openstackUser the OpenStack user name
     * @param openstackPassword the OpenStack password
     */
    public record Secrets(Optional<LaunchpadCredentials> launchpad, Optional<String> openstackUser,
            Optional<String> openstackPassword) {
        public static final Secrets NONE = new Secrets(Optional.empty(), Optional.empty(), Optional.empty());

        @Override
        public String toString() {
            return "Secrets[launchpad=" + launchpad.isPresent() + ", openstack=" + openstackUser.orElse("(none)")
                    + ", password=" + (openstackPassword.isPresent() ? "***" : "(none)") + "]";
        }
    }

    public BackendSelection {
        ppas = LandingBackends.kind(Map.of(LandingBackends.VARIABLE, blankIfNull(ppas)));
        dataStore = DataStores.kind(Map.of(DataStores.KIND, blankIfNull(dataStore)));
        testbed = blankIfNull(testbed).strip();
        if (!testbed.isEmpty()) {
            testbed = LandingBackends.testbed(Map.of(LandingBackends.TESTBED_VARIABLE, testbed)).orElseThrow().label();
        }
        Map<Setting, String> set = new EnumMap<>(Setting.class);
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                set.put(k, v.strip());
            }
        });
        values = Map.copyOf(set);
    }

    private static String blankIfNull(String s) {
        return s == null ? "" : s;
    }

    public boolean launchpad() {
        return ppas.equals(LandingBackends.LAUNCHPAD);
    }

    public boolean swift() {
        return dataStore.equals(DataStores.SWIFT);
    }

    public boolean nova() {
        return testbed.equals(TestbedKind.NOVA.label());
    }

    /** Whether the choices need the OpenStack settings and credentials (Swift, or Nova). */
    public boolean openstack() {
        return swift() || nova();
    }

    /**
     * Every problem of the configuration, in one message: the settings and secrets the choices
     * need that are missing (named as on the form, with their variables), then the first value the
     * core refuses (as the CLI would refuse it); empty when it is complete. Nothing is reached.
     */
    public Optional<String> problem(Secrets secrets) {
        List<String> missing = new ArrayList<>();
        if (launchpad()) {
            missingOf(LAUNCHPAD, missing);
            if (secrets.launchpad().isEmpty()) {
                missing.add("the Launchpad OAuth token credential");
            }
        }
        if (openstack()) {
            missingOf(OPENSTACK, missing);
            if (secrets.openstackUser().isEmpty() || secrets.openstackPassword().isEmpty()) {
                missing.add("the OpenStack user name and password credential");
            }
        }
        if (nova()) {
            missingOf(NOVA, missing);
        }
        if (!missing.isEmpty()) {
            return Optional.of(choices() + " need: " + String.join(", ", missing));
        }
        try {
            Map<String, String> settings = settings(secrets);
            LandingBackends.check(settings);
            DataStores.check(settings);
            return Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.of(choices() + ": " + e.getMessage());
        }
    }

    /** Throws {@link IllegalArgumentException} with {@link #problem}, if there is one. */
    public void check(Secrets secrets) {
        problem(secrets).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    private void missingOf(Set<Setting> group, List<String> missing) {
        for (Setting s : group) {
            if (s.required && !values.containsKey(s)) {
                missing.add(s.label());
            }
        }
    }

    /** {@code PPAs and builds: launchpad, data store: swift, testbed: nova}, for messages. */
    private String choices() {
        return "PPAs and builds: " + ppas + ", data store: " + dataStore + ", testbed: "
                + (testbed.isEmpty() ? "default" : testbed);
    }

    /**
     * Everything the controller opens its backends with ({@link LandingBackends#open},
     * {@link DataStores#open}), secrets included: keep it in memory only.
     */
    public Map<String, String> settings(Secrets secrets) {
        Map<String, String> env = builderEnvironment(secrets);
        env.put(DataStores.KIND, dataStore);
        if (openstack()) {
            putAll(OPENSTACK, env);
            putOpenStackSecrets(secrets, env);
        }
        return env;
    }

    /**
     * What a builder's {@code lander step} needs in its environment, and nothing more: the backend
     * and testbed, the Launchpad settings and token for {@code launchpad} (the builder uploads and
     * watches the builds), the OpenStack settings and credentials only for {@code nova} (its setup
     * script boots the servers). Not the data store, which only the controller writes.
     */
    public Map<String, String> builderEnvironment(Secrets secrets) {
        Map<String, String> env = new HashMap<>();
        env.put(LandingBackends.VARIABLE, ppas);
        if (!testbed.isEmpty()) {
            env.put(LandingBackends.TESTBED_VARIABLE, testbed);
        }
        if (launchpad()) {
            putAll(LAUNCHPAD, env);
            secrets.launchpad().ifPresent(c -> env.putAll(c.environment()));
        }
        if (nova()) {
            putAll(OPENSTACK, env);
            putAll(NOVA, env);
            putOpenStackSecrets(secrets, env);
        }
        return env;
    }

    private void putAll(Set<Setting> group, Map<String, String> env) {
        for (Setting s : group) {
            String v = values.get(s);
            if (v != null) {
                env.put(s.variable(), v);
            }
        }
    }

    private static void putOpenStackSecrets(Secrets secrets, Map<String, String> env) {
        secrets.openstackUser().ifPresent(u -> env.put(OpenStackSettings.USERNAME, u));
        secrets.openstackPassword().ifPresent(p -> env.put(OpenStackSettings.PASSWORD, p));
    }
}
