package io.jenkins.plugins.lander.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how mail is submitted: {@code smtp://HOST[:PORT][?starttls=required]} or
 * {@code smtps://HOST[:PORT]} (TLS from the first byte), optional credentials, optional CA
 * certificates to trust instead of the JVM's.
 *
 * <p>Credentials never travel in clear text: with a user, STARTTLS is required even when the URL
 * does not ask for it. They are never part of the URL either (a URL ends up in logs).
 *
 * @param trustedCertificates a PEM file of the certificates to trust for the server, or null for
 *     the JVM's trust store
 */
public record SmtpSettings(
        String host, int port, Security security, String user, String password, Path trustedCertificates,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** How the connection is protected. */
    public enum Security {
        /** Plain SMTP upgraded with STARTTLS when the server offers it. */
        STARTTLS_WHEN_OFFERED,
        /** STARTTLS or no mail. */
        STARTTLS_REQUIRED,
        /** TLS from the first byte (port 465). */
        SMTPS
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("SMTP host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port " + port + " is out of range");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("SMTP credentials need both a user and a password");
        }
        if (user != null && security == Security.STARTTLS_WHEN_OFFERED) {
            security = Security.STARTTLS_REQUIRED;
        }
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
    }

    /** Reads {@code smtp://HOST[:PORT][?starttls=auto|required]} or {@code smtps://HOST[:PORT]}. */
    public static SmtpSettings parse(String url, String user, String password, Path trustedCertificates) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("LANDER_SMTP_URL: not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new IllegalArgumentException("LANDER_SMTP_URL: scheme must be smtp:// or smtps://, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "LANDER_SMTP_URL: no credentials in the URL; use LANDER_SMTP_USER and LANDER_SMTP_PASSWORD(_FILE)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("LANDER_SMTP_URL: no host in '" + Addresses.printable(url) + "'");
        }
        if (!(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("LANDER_SMTP_URL: only smtp[s]://HOST[:PORT][?starttls=required] is understood");
        }
        boolean smtps = scheme.equals("smtps");
        Security security = smtps ? Security.SMTPS : Security.STARTTLS_WHEN_OFFERED;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            if (smtps) {
                throw new IllegalArgumentException("LANDER_SMTP_URL: smtps:// takes no parameters (it is TLS already)");
            }
            security = switch (query) {
                case "starttls=required" -> Security.STARTTLS_REQUIRED;
                case "starttls=auto" -> Security.STARTTLS_WHEN_OFFERED;
                default -> throw new IllegalArgumentException("LANDER_SMTP_URL: unknown parameter '" + query
                        + "' (known: starttls=required, starttls=auto)");
            };
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : smtps ? 465 : 25;
        return new SmtpSettings(host, port, security, user, password, trustedCertificates, DEFAULT_TIMEOUT);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return (security == Security.SMTPS ? "smtps://" : "smtp://") + host + ":" + port + " (" + security
                + (user == null ? "" : ", user " + user + ", password ****")
                + (trustedCertificates == null ? "" : ", trusting " + trustedCertificates) + ")";
    }
}
