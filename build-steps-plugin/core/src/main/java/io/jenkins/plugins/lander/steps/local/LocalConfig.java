package io.jenkins.plugins.lander.steps.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the local backend.
 *
 * @param dataDir everything a landing creates: the PPA pool state, aptly's repositories, the archive
 * @param cacheDir base tarballs and test images, shared by all data dirs of the user
 * @param poolSize how many PPAs the pool holds
 * @param mirror the Debian mirror for chroots and images: an http(s) URL, with no credentials
 *     (it lands in chroots' sources.list and in logs)
 * @param series the series tickets may target
 * @param updates whether the mirror's {@code SERIES-updates} is an apt source of chroots and testbeds
 * @param securityMirror the archive of {@code SERIES-security} (an http(s) URL like the mirror),
 *     {@link #NO_SECURITY} for none; null means the mirror's sibling {@code …/debian-security}
 *     when the mirror's path ends in {@code /debian}, else none
 * @param ppaAddress {@code ADDRESS:PORT} the PPAs and the archive are served on: an address the
 *     builders reach when they run on other hosts (the PPA service); null for a free port on
 *     127.0.0.1
 * @param mirrorTriggers whether triggered tests are looked for in the series' own Sources index
 *     too (the mirror's, as this machine's apt has it), not only in the Lander's archive
 */
public record LocalConfig(Path dataDir, Path cacheDir, int poolSize, String mirror, Set<String> series, boolean updates,
        String securityMirror, String ppaAddress, boolean mirrorTriggers) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    public static final Set<String> DEFAULT_SERIES = Set.of("bookworm");
    /** The environment variable that names the mirror (e.g. scripts/setup-apt-proxy's URL). */
    public static final String MIRROR_VARIABLE = "LANDER_MIRROR";
    /** The environment variable that names {@link #ppaAddress}. */
    public static final String PPA_ADDRESS_VARIABLE = "LANDER_PPA_ADDRESS";
    private static final Pattern PPA_ADDRESS = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+]):\\d{1,5}");
    /** {@code yes} (default) or {@code no}: the mirror's {@code SERIES-updates} as a source. */
    public static final String UPDATES_VARIABLE = "LANDER_UPDATES";
    /** {@code yes} or {@code no} (default): {@link #mirrorTriggers}. */
    public static final String MIRROR_TRIGGERS_VARIABLE = "LANDER_TRIGGERED_TESTS_MIRROR";
    /** The security archive's URL, or {@code no}. */
    public static final String SECURITY_VARIABLE = "LANDER_SECURITY_MIRROR";
    /** The {@code securityMirror} that turns {@code SERIES-security} off. */
    public static final String NO_SECURITY = "no";
    // Host (name, IPv4 or [IPv6]), optional port, a path of URL-safe characters: nothing a shell
    // or an apt sources line would read as syntax (the mirror is quoted into testbed commands).
    private static final Pattern MIRROR = Pattern.compile(
            "https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?(/[A-Za-z0-9._~%+/-]*)?");

    public LocalConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        cacheDir = cacheDir == null ? defaultCacheDir(System.getenv()) : cacheDir;
        poolSize = poolSize <= 0 ? DEFAULT_POOL_SIZE : poolSize;
        mirror = mirror == null || mirror.isBlank() ? DEFAULT_MIRROR : checkMirror(mirror.trim());
        series = series == null || series.isEmpty() ? DEFAULT_SERIES : Set.copyOf(series);
        securityMirror = securityMirror == null || securityMirror.isBlank() ? securitySibling(mirror)
                : securityMirror.strip().equals(NO_SECURITY) ? NO_SECURITY : checkMirror(securityMirror.strip());
        dataDir = dataDir.toAbsolutePath();
        cacheDir = cacheDir.toAbsolutePath();
        ppaAddress = ppaAddress == null || ppaAddress.isBlank() ? null : checkPpaAddress(ppaAddress.trim());
    }


    /** Where the PPAs are served: {@link #ppaAddress}, else a free port on 127.0.0.1. */
    public InetSocketAddress ppaSocketAddress() {
        if (ppaAddress == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
        int colon = ppaAddress.lastIndexOf(':');
        String host = ppaAddress.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(ppaAddress.substring(colon + 1)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("the PPA address must be a literal IP address, not '" + host + "'", e);
        }
    }

    private static String checkPpaAddress(String address) {
        if (!PPA_ADDRESS.matcher(address).matches()
                || Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) > 65535) {
            throw new IllegalArgumentException("the PPA address must be IPV4:PORT or [IPV6]:PORT, not '" + address + "'");
        }
        return address;
    }

    /** Triggered tests from the Lander's archive only. */
    public LocalConfig(Path dataDir, Path cacheDir, int poolSize, String mirror, Set<String> series, boolean updates,
            String securityMirror, String ppaAddress) {
        this(dataDir, cacheDir, poolSize, mirror, series, updates, securityMirror, ppaAddress, false);
    }

    /** -updates on, -security from the mirror's sibling, the PPAs served on 127.0.0.1 only. */
    public LocalConfig(Path dataDir, Path cacheDir, int poolSize, String mirror, Set<String> series) {
        this(dataDir, cacheDir, poolSize, mirror, series, true, null, null);
    }

    /** This configuration with {@link #mirrorTriggers} as a builder's request says (the controller's choice). */
    public LocalConfig withMirrorTriggers(boolean searched) {
        return new LocalConfig(dataDir, cacheDir, poolSize, mirror, series, updates, securityMirror, ppaAddress, searched);
    }

    /** The defaults for everything but the data directory. */
    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, null, 0, null, null);
    }

    /** The security archive's URL, if {@code SERIES-security} is a source. */
    public java.util.Optional<String> security() {
        return NO_SECURITY.equals(securityMirror) ? java.util.Optional.empty() : java.util.Optional.of(securityMirror);
    }

    /** {@code …/debian} → {@code …/debian-security} (deb.debian.org and proxies that keep its paths). */
    private static String securitySibling(String mirror) {
        return mirror.endsWith("/debian") ? mirror + "-security" : NO_SECURITY;
    }

    /**
     * The defaults, with what the environment overrides: the mirror from {@code $LANDER_MIRROR},
     * the cache directory as {@link #defaultCacheDir} reads it. Unset or blank variables mean the
     * defaults; a mirror that is not a usable URL is refused, naming the variable.
     */
    public static LocalConfig fromEnvironment(Path dataDir, Map<String, String> env) {
        String mirror = env.get(MIRROR_VARIABLE);
        if (mirror != null && !mirror.isBlank()) {
            try {
                checkMirror(mirror.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MIRROR_VARIABLE + ": " + e.getMessage(), e);
            }
        }
        String ppaAddress = env.get(PPA_ADDRESS_VARIABLE);
        boolean withUpdates = yesOrNo(env, UPDATES_VARIABLE, true);
        boolean mirrorTriggers = yesOrNo(env, MIRROR_TRIGGERS_VARIABLE, false);
        String security = env.get(SECURITY_VARIABLE);
        try {
            return new LocalConfig(dataDir, defaultCacheDir(env), 0, mirror, null, withUpdates, security, ppaAddress,
                    mirrorTriggers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((e.getMessage().startsWith("the PPA") ? PPA_ADDRESS_VARIABLE : SECURITY_VARIABLE)
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean yesOrNo(Map<String, String> env, String variable, boolean unset) {
        String value = env.getOrDefault(variable, "").strip();
        return switch (value) {
            case "" -> unset;
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException(variable + ": yes or no, not '" + value + "'");
        };
    }

    private static String checkMirror(String mirror) {
        if (mirror.contains("@")) {
            // not echoed: whatever precedes the @ may be a password
            throw new IllegalArgumentException("the Debian mirror must not carry credentials");
        }
        if (!MIRROR.matcher(mirror).matches()) {
            throw new IllegalArgumentException("the Debian mirror must be an http:// or https:// URL of a host"
                    + " and a plain path, not '" + mirror + "'");
        }
        return mirror;
    }

    /** {@code $LANDER_CACHE}, else {@code $XDG_CACHE_HOME/lander}, else {@code ~/.cache/lander}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String explicit = env.get("LANDER_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lander");
    }
}
