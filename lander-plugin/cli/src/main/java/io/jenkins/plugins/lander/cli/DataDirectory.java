package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.rdeps.TriggeredTests;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.datastore.DataStores;
import java.util.Properties;

/**
 * A data directory's layout and configuration: {@code DATA/lander.conf} (Java properties), with
 * the environment taking precedence. Every Lander process on the directory reads the same
 * settings, so {@code lander land} and {@code lander serve} see the same tickets.
 *
 * <ul>
 *   <li>{@code db.url} / {@code LANDER_DB_URL}: the ticket repository's JDBC URL (default: H2 in
 *       {@code DATA/db}); {@code db.user} / {@code LANDER_DB_USER}; the password only from
 *       {@code LANDER_DB_PASSWORD}.
 *   <li>{@code keyring} / {@code LANDER_KEYRING}: a binary OpenPGP keyring; uploads must then be
 *       signed by one of its keys (without one, they are accepted and noted as not verified).
 *   <li>{@code updates} / {@code LANDER_UPDATES} ({@code yes} or {@code no}, default yes): the
 *       mirror's {@code SERIES-updates} is an apt source of every chroot and testbed;
 *       {@code security-mirror} / {@code LANDER_SECURITY_MIRROR} (a URL, or {@code no}; default
 *       the mirror's {@code …/debian-security} sibling): the archive of {@code SERIES-security}.
 *   <li>{@code require-tests} / {@code LANDER_REQUIRE_TESTS} ({@code yes} or {@code no}, default
 *       no): an upload that tests nothing (no tests, or all skipped) fails its ticket at 400.
 *   <li>{@code triggered_tests.cap} / {@code LANDER_TRIGGERED_TESTS_CAP}: how many triggered
 *       tests (reverse dependencies) a ticket runs at most (default 100).
 *   <li>{@code triggered_tests.mirror} / {@code LANDER_TRIGGERED_TESTS_MIRROR} ({@code yes} or
 *       {@code no}, default no): triggered tests are looked for in the series' own Sources index
 *       too (as this machine's apt has it), not only in the Lander's archive.
 *   <li>{@code testbed} / {@code LANDER_TESTBED}: where tests run, {@code unshare}, {@code qemu} or
 *       {@code nova} (default: unshare, and qemu for tests that need {@code isolation-machine}).
 * </ul>
 */
public final class DataDirectory {
    static final String CONFIG = "lander.conf";
    private final Path root;
    private final Properties config;
    private final Map<String, String> env;

    private DataDirectory(Path root, Properties config, Map<String, String> env) {
        this.root = root;
        this.config = config;
        this.env = env;
    }

    public static DataDirectory of(Path root) throws IOException {
        return of(root, System.getenv());
    }

    static DataDirectory of(Path root, Map<String, String> env) throws IOException {
        Properties config = new Properties();
        Path file = root.resolve(CONFIG);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                config.load(in);
            }
        }
        return new DataDirectory(root.toAbsolutePath().normalize(), config, env);
    }

    public Path root() {
        return root;
    }

    public Path tickets() {
        return root.resolve("tickets");
    }

    public Path store() {
        return root.resolve("store");
    }

    public Path backend() {
        return root.resolve("backend");
    }

    /**
     * The backend's settings ({@code LANDER_MIRROR}, {@code LANDER_CACHE}…, and {@code updates} /
     * {@code LANDER_UPDATES}, {@code security-mirror} / {@code LANDER_SECURITY_MIRROR} from the
     * environment or lander.conf); reading them changes nothing on disk.
     */
    public LocalConfig backendConfig() {
        Map<String, String> settings = new java.util.HashMap<>(env);
        setting(LocalConfig.UPDATES_VARIABLE, "updates").ifPresent(v -> settings.put(LocalConfig.UPDATES_VARIABLE, v));
        setting(LocalConfig.SECURITY_VARIABLE, "security-mirror")
                .ifPresent(v -> settings.put(LocalConfig.SECURITY_VARIABLE, v));
        setting(LocalConfig.MIRROR_TRIGGERS_VARIABLE, "triggered_tests.mirror")
                .ifPresent(v -> settings.put(LocalConfig.MIRROR_TRIGGERS_VARIABLE, v));
        try {
            return LocalConfig.fromEnvironment(backend(), settings);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage() + " (the environment or " + root.resolve(CONFIG) + ")");
        }
    }

    /**
     * The settings of the steps' backend: the environment, and lander.conf's {@code backend},
     * {@code testbed} and {@code launchpad.*} keys under their variable names ({@code launchpad.owner} is
     * {@code LANDER_LAUNCHPAD_OWNER}); the environment wins.
     */
    public Map<String, String> backendSettings() {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String key : config.stringPropertyNames()) {
            if (key.equals("backend") || key.equals("testbed") || key.startsWith("launchpad.")) {
                settings.put("LANDER_" + key.replaceAll("[.-]", "_").toUpperCase(java.util.Locale.ROOT),
                        config.getProperty(key).strip());
            }
        }
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    /** The environment with this process's overrides: what the settings read from {@code LANDER_*}. */
    public Map<String, String> environment() {
        return env;
    }

    /** This directory with an environment variable given for this process only (a command-line option). */
    DataDirectory withEnvironment(String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return new DataDirectory(root, config, Map.copyOf(copy));
    }

    /** This directory with one setting given for this process only (a command-line option). */
    DataDirectory with(String key, String value) {
        Properties copy = new Properties();
        copy.putAll(config);
        copy.setProperty(key, value);
        return new DataDirectory(root, copy, env);
    }

    /** The keyring uploads must be signed with, if one is configured. */
    public Optional<Path> keyring() {
        return setting("LANDER_KEYRING", "keyring").map(Path::of);
    }

    /**
     * Opens the data store: {@code LANDER_DATA_STORE} or {@code data-store=} ({@code local}, the
     * default, is {@code DATA/store}; {@code swift} reads the {@code OS_*} settings or the openrc
     * file of {@code LANDER_OPENRC} / {@code openrc=}).
     */
    public DataStore dataStore() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(env);
        setting(DataStores.KIND, "data-store").ifPresent(v -> settings.put(DataStores.KIND, v));
        setting("LANDER_OPENRC", "openrc").ifPresent(v -> settings.put("LANDER_OPENRC", v));
        try {
            return DataStores.open(settings, store());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Whether an upload without tests that ran fails its ticket ({@code require-tests}). */
    public boolean requireTests() {
        Optional<String> value = setting("LANDER_REQUIRE_TESTS", "require-tests");
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new BadInputException("require-tests (LANDER_REQUIRE_TESTS or " + root.resolve(CONFIG)
                    + ") must be yes or no, not '" + value.get() + "'");
        };
    }

    /**
     * How many triggered tests a ticket runs at most ({@code triggered_tests.cap} /
     * {@code LANDER_TRIGGERED_TESTS_CAP}, default 100); not a number of 0 or more is bad input.
     */
    public int triggeredTestsCap() {
        Optional<String> value = setting("LANDER_TRIGGERED_TESTS_CAP", "triggered_tests.cap");
        if (value.isEmpty()) {
            return TriggeredTests.DEFAULT_CAP;
        }
        try {
            int cap = Integer.parseInt(value.get().trim());
            if (cap >= 0) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadInputException("triggered_tests.cap / LANDER_TRIGGERED_TESTS_CAP must be a number of 0 or more, not '"
                + value.get() + "'");
    }

    /** The chosen testbed, if one is; a name that is none is bad input naming the choices. */
    public Optional<TestbedKind> testbed() {
        try {
            return setting("LANDER_TESTBED", "testbed").map(TestbedKind::parse);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("LANDER_TESTBED / testbed= in " + CONFIG + ": " + e.getMessage());
        }
    }

    /** The configured JDBC URL of the ticket repository, if not the embedded H2. */
    public Optional<String> databaseUrl() {
        return setting("LANDER_DB_URL", "db.url");
    }

    /** Whether any ticket was ever recorded here (a reader must not create the database). */
    public boolean hasTickets() {
        return databaseUrl().isPresent() || Files.exists(root.resolve("db").resolve("tickets.mv.db"));
    }

    /** Opens (creating or migrating) the ticket repository's database. */
    public TicketDatabase database() throws IOException {
        Optional<String> url = databaseUrl();
        if (url.isEmpty()) {
            Files.createDirectories(root.resolve("db"));
            return TicketDatabase.h2(root.resolve("db"));
        }
        return TicketDatabase.connect(url.get(), setting("LANDER_DB_USER", "db.user").orElse(null), env.get("LANDER_DB_PASSWORD"));
    }

    /**
     * Records the database every Lander process of this directory must use ({@code lander serve
     * --db-url}); refuses a second, different one, whose tickets the others would not see.
     */
    void recordDatabase(String url, String user) throws IOException {
        Optional<String> known = databaseUrl();
        if (known.isPresent() && !known.get().equals(url)) {
            throw new BadInputException("this data directory's tickets are in " + known.get() + " (" + root.resolve(CONFIG)
                    + " or $LANDER_DB_URL), not in " + url);
        }
        if (known.isEmpty()) {
            config.setProperty("db.url", url);
            if (user != null) {
                config.setProperty("db.user", user);
            }
            Files.createDirectories(root);
            try (OutputStream out = Files.newOutputStream(root.resolve(CONFIG))) {
                config.store(out, "Lander data directory settings (see docs/operations.md)");
            }
        }
    }

    private Optional<String> setting(String envName, String key) {
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        return Optional.ofNullable(config.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
