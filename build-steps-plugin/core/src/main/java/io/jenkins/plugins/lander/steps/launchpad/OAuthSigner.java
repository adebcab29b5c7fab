package io.jenkins.plugins.lander.steps.launchpad;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code Authorization} header of Launchpad's OAuth 1.0 PLAINTEXT signing, as launchpadlib's
 * signer (lazr.restfulclient {@code authorize/oauth.py}: oauthlib {@code Client(...,
 * signature_method=PLAINTEXT, realm="OAuth")}) produces it: the consumer secret is empty, the
 * signature is {@code percent(consumer_secret) & percent(token_secret)} and is percent-encoded
 * once more in the header.
 */
public final class OAuthSigner {
    private final LaunchpadCredentials credentials;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OAuthSigner(LaunchpadCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The header value for one request (a fresh nonce each time). */
    public String authorization() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("oauth_nonce", Long.toUnsignedString(random.nextLong()));
        p.put("oauth_timestamp", Long.toString(clock.instant().getEpochSecond()));
        p.put("oauth_version", "1.0");
        p.put("oauth_signature_method", "PLAINTEXT");
        p.put("oauth_consumer_key", credentials.consumerKey());
        p.put("oauth_token", credentials.token());
        p.put("oauth_signature", signature(credentials.tokenSecret()));
        return "OAuth realm=\"OAuth\", " + p.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + percent(e.getValue()) + "\"")
                .collect(Collectors.joining(", "));
    }

    /** PLAINTEXT: the consumer secret (always empty for Launchpad) and the token secret, encoded and joined by {@code &}. */
    static String signature(String tokenSecret) {
        return percent("") + "&" + percent(tokenSecret);
    }

    /** RFC 5849 3.6 percent-encoding: only unreserved characters stay. */
    static String percent(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
