package io.jenkins.plugins.lander.steps.launchpad;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Launchpad OAuth access token, read from a credentials file in the format launchpadlib saves
 * ({@code Credentials.save}: a {@code [1]} section with {@code consumer_key}, {@code consumer_secret},
 * {@code access_token}, {@code access_secret}). The secret never leaves this class except in the
 * signature; {@link #toString()} names only the consumer.
 */
public final class LaunchpadCredentials {
    /** The environment variable (or {@code launchpad.credentials} in lander.conf) naming the file. */
    public static final String VARIABLE = "LANDER_LAUNCHPAD_CREDENTIALS";

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
        Properties p = new Properties();
        String text = Files.readString(file, StandardCharsets.UTF_8);
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
            throw new IllegalArgumentException("Launchpad credentials in " + file + ": " + e.getMessage(), e);
        }
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
