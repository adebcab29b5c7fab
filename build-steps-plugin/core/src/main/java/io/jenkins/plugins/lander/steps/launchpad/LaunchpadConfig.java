package io.jenkins.plugins.lander.steps.launchpad;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the Launchpad backend, read from {@code LANDER_LAUNCHPAD_*} variables (or the same
 * keys in lander.conf, which the caller merges in). No secret is held here: the token comes from
 * the credentials file ({@link LaunchpadCredentials}), the signing key stays in its GnuPG home.
 *
 * @param api the web service root ({@code https://api.launchpad.net/devel/})
 * @param owner the account (person or team) owning the pool's PPAs {@code ci-pool-NNN}
 * @param distribution the distribution of the PPAs and of the target archive ({@code ubuntu})
 * @param target the archive tickets are published to, as its reference {@code ~team/ubuntu/name}
 *     or a distribution's {@code ubuntu} primary archive ({@code distribution/main_archive})
 * @param uploadHost dput's {@code fqdn} for {@code ppa:} uploads ({@code ppa.launchpad.net}, or host:port)
 * @param content where PPAs are served to apt ({@code https://ppa.launchpadcontent.net})
 * @param signingKey the OpenPGP key id or fingerprint debsign signs uploads with
 * @param gnupgHome the GnuPG home holding that key, or null for gpg's default
 * @param series the series tickets may target
 * @param poolSize how many PPAs the pool holds (it grows with {@code createPPA} when raised)
 * @param poll how long to wait between two looks at a build, an upload or a copy
 * @param patience how many looks before an upload, build, copy or clean is given up as stuck
 */
public record LaunchpadConfig(URI api, String owner, String distribution, String target, String uploadHost,
        URI content, String signingKey, Path gnupgHome, Set<String> series, int poolSize, Duration poll, int patience) {
    public static final URI DEFAULT_API = URI.create("https://api.launchpad.net/devel/");
    public static final URI DEFAULT_CONTENT = URI.create("https://ppa.launchpadcontent.net");
    public static final String DEFAULT_UPLOAD_HOST = "ppa.launchpad.net";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,63}");
    private static final Pattern ARCHIVE = Pattern.compile("~[a-z0-9][a-z0-9+.-]*/[a-z0-9][a-z0-9+.-]*/[a-z0-9][a-z0-9+.-]*|[a-z0-9][a-z0-9+.-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final Pattern KEY = Pattern.compile("(0x)?[0-9A-Fa-f]{8,40}");

    public LaunchpadConfig {
        check(NAME, owner, "LANDER_LAUNCHPAD_OWNER", "a Launchpad account name");
        check(NAME, distribution, "LANDER_LAUNCHPAD_DISTRIBUTION", "a distribution name");
        check(ARCHIVE, target, "LANDER_LAUNCHPAD_ARCHIVE", "an archive reference ~owner/distribution/name or a distribution");
        check(HOST, uploadHost, "LANDER_LAUNCHPAD_UPLOAD_HOST", "a host name with an optional :port");
        check(KEY, signingKey, "LANDER_LAUNCHPAD_SIGNING_KEY", "an OpenPGP key id or fingerprint in hex");
        if (series == null || series.isEmpty() || series.stream().anyMatch(s -> !NAME.matcher(s).matches())) {
            throw new IllegalArgumentException("LANDER_LAUNCHPAD_SERIES must list series names, got " + series);
        }
        if (poolSize < 1 || poolSize > 999) {
            throw new IllegalArgumentException("LANDER_LAUNCHPAD_POOL_SIZE must be 1 to 999, got " + poolSize);
        }
        if (poll.isNegative() || patience < 1) {
            throw new IllegalArgumentException("the poll interval must be >= 0 and the patience >= 1");
        }
        for (URI u : new URI[] {api, content}) {
            if (u.getRawUserInfo() != null) {
                // not echoed: what precedes the @ may be a password
                throw new IllegalArgumentException("Launchpad URLs must carry no credentials (LANDER_LAUNCHPAD_API, LANDER_LAUNCHPAD_CONTENT)");
            }
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("Launchpad URLs must be http(s) URLs of a host, not '" + u + "'");
            }
        }
        series = Set.copyOf(new LinkedHashSet<>(series));
    }

    private static void check(Pattern p, String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is required (" + what + ")");
        }
        if (!p.matcher(value).matches()) {
            throw new IllegalArgumentException(variable + " must be " + what + ", not '" + value + "'");
        }
    }

    /** The settings from {@code LANDER_LAUNCHPAD_*}; what is missing or malformed is named in the error. */
    public static LaunchpadConfig fromEnvironment(Map<String, String> env) {
        String api = env.getOrDefault("LANDER_LAUNCHPAD_API", DEFAULT_API.toString());
        String content = env.getOrDefault("LANDER_LAUNCHPAD_CONTENT", DEFAULT_CONTENT.toString());
        String home = env.get("LANDER_LAUNCHPAD_GNUPGHOME");
        return new LaunchpadConfig(uri(api, "LANDER_LAUNCHPAD_API"), env.get("LANDER_LAUNCHPAD_OWNER"),
                env.getOrDefault("LANDER_LAUNCHPAD_DISTRIBUTION", "ubuntu"), env.get("LANDER_LAUNCHPAD_ARCHIVE"),
                env.getOrDefault("LANDER_LAUNCHPAD_UPLOAD_HOST", DEFAULT_UPLOAD_HOST), uri(content, "LANDER_LAUNCHPAD_CONTENT"),
                env.get("LANDER_LAUNCHPAD_SIGNING_KEY"), home == null || home.isBlank() ? null : Path.of(home),
                Set.copyOf(Arrays.asList(env.getOrDefault("LANDER_LAUNCHPAD_SERIES", "noble").split("[ ,]+"))),
                integer(env, "LANDER_LAUNCHPAD_POOL_SIZE", 4),
                Duration.ofSeconds(integer(env, "LANDER_LAUNCHPAD_POLL_SECONDS", 60)),
                integer(env, "LANDER_LAUNCHPAD_PATIENCE", 24 * 60));
    }

    private static URI uri(String value, String variable) {
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a URL: " + e.getMessage(), e);
        }
    }

    private static int integer(Map<String, String> env, String variable, int fallback) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number, not '" + v + "'");
        }
    }

    /** The API path of a pool PPA. */
    String ppaPath(String name) {
        return "~" + owner + "/+archive/" + distribution + "/" + name;
    }

    /** The API path of the target archive. */
    String targetPath() {
        if (target.startsWith("~")) {
            String[] p = target.substring(1).split("/");
            return "~" + p[0] + "/+archive/" + p[1] + "/" + p[2];
        }
        return target + "/+archive/primary";
    }
}
