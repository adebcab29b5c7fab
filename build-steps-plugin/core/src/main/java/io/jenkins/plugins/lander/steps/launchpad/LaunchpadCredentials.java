package io.jenkins.plugins.lander.steps.launchpad;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A Launchpad OAuth access token, read from a credentials file in the format launchpadlib saves
 * ({@code Credentials.save}: a {@code [1]} section with {@code consumer_key}, {@code consumer_secret},
 * {@code access_token}, {@code access_secret}). The secret never leaves this class except in the
 * signature (and {@link #environment()}, which hands it to a builder process); {@link #toString()}
 * names only the consumer.
 *
 * <p>The same token can come from the environment instead of a file ({@link #fromEnvironment}):
 * {@code LANDER_LAUNCHPAD_CONSUMER_KEY}, {@code LANDER_LAUNCHPAD_ACCESS_TOKEN} and
 * {@code LANDER_LAUNCHPAD_ACCESS_SECRET}, the file's three fields. That is how a controller that
 * keeps the token elsewhere (Jenkins Credentials) gives it to {@code lander step} on a builder:
 * in the process's environment, never on a command line or in a file.
 */
public final class LaunchpadCredentials {
    /** The environment variable (or {@code launchpad.credentials} in lander.conf) naming the file. */
    public static final String VARIABLE = "LANDER_LAUNCHPAD_CREDENTIALS";
    public static final String CONSUMER_KEY = "LANDER_LAUNCHPAD_CONSUMER_KEY";
    public static final String ACCESS_TOKEN = "LANDER_LAUNCHPAD_ACCESS_TOKEN";
    public static final String ACCESS_SECRET = "LANDER_LAUNCHPAD_ACCESS_SECRET";

    private final String consumerKey;
    private final String token;
    private final String tokenSecret;

    public LaunchpadCredentials(String consumerKey, String token, String tokenSecret) {
        this.consumerKey = require(consumerKey, "consumer_key");
        this.token = require(token, "access_token");
        this.tokenSecret = require(tokenSecret, "access_secret");
    }

    /** Reads the file; a missing, unreadable or incomplete file is refused, naming the file and never its content. */
    public static LaunchpadCredentials read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("Launchpad credentials: " + file + " is not a regular file");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * The token of a credentials file's text (launchpadlib's {@code [1]} section); an incomplete
     * one is refused naming {@code source} and the missing field, never the text.
     */
    public static LaunchpadCredentials parse(String text, String source) throws IOException {
        Properties p = new Properties();
        boolean inSection = false;
        StringBuilder section = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                inSection = l.equals("[1]");
            } else if (inSection) {
                section.append(l).append('\n');
            }
        }
        p.load(new StringReader(section.toString().replace("\\", "\\\\")));
        try {
            return new LaunchpadCredentials(p.getProperty("consumer_key"), p.getProperty("access_token"),
                    p.getProperty("access_secret"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Launchpad credentials in " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The token the settings name: the file of {@value #VARIABLE}, else the three
     * {@code LANDER_LAUNCHPAD_CONSUMER_KEY}/{@code _ACCESS_TOKEN}/{@code _ACCESS_SECRET} values;
     * neither is refused naming both ways.
     */
    public static LaunchpadCredentials fromEnvironment(Map<String, String> settings) throws IOException {
        String file = settings.get(VARIABLE);
        if (file != null && !file.isBlank()) {
            return read(Path.of(file.strip()));
        }
        if (settings.containsKey(ACCESS_TOKEN) || settings.containsKey(ACCESS_SECRET) || settings.containsKey(CONSUMER_KEY)) {
            try {
                return new LaunchpadCredentials(settings.get(CONSUMER_KEY), settings.get(ACCESS_TOKEN), settings.get(ACCESS_SECRET));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Launchpad credentials in " + CONSUMER_KEY + ", " + ACCESS_TOKEN + " and "
                        + ACCESS_SECRET + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(VARIABLE + " must name the Launchpad credentials file (launchpadlib's format),"
                + " or " + CONSUMER_KEY + ", " + ACCESS_TOKEN + " and " + ACCESS_SECRET + " hold its fields, for LANDER_BACKEND=launchpad");
    }

    /** The token as {@link #fromEnvironment} reads it back: for a builder process's environment only. */
    public Map<String, String> environment() {
        return Map.of(CONSUMER_KEY, consumerKey, ACCESS_TOKEN, token, ACCESS_SECRET, tokenSecret);
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing (a [1] section as launchpadlib saves it is expected)");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(field + " holds control characters");
        }
        return value.strip();
    }

    public String consumerKey() {
        return consumerKey;
    }

    String token() {
        return token;
    }

    String tokenSecret() {
        return tokenSecret;
    }

    @Override
    public String toString() {
        return "LaunchpadCredentials[consumer=" + consumerKey + ", token=<redacted>]";
    }
}
