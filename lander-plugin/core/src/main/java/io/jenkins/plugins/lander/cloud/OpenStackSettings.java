package io.jenkins.plugins.lander.cloud;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keystone v3 credentials and where the services are, under the names the OpenStack clients use
 * ({@code OS_AUTH_URL}, {@code OS_USERNAME}, …), from the environment, a map of settings (Jenkins
 * configuration) or an openrc file. {@link #toString()} never shows the password.
 *
 * @param storageUrl replaces the catalog's {@code object-store} endpoint when present
 *     ({@code OS_STORAGE_URL}, as python-swiftclient names it)
 * @param imageUrl replaces the catalog's {@code image} endpoint when present ({@code OS_IMAGE_URL})
 */
public record OpenStackSettings(
        URI authUrl,
        String username,
        String password,
        String projectName,
        String userDomainName,
        String projectDomainName,
        Optional<String> regionName,
        Optional<URI> storageUrl,
        Optional<URI> imageUrl) {

    public static final String AUTH_URL = "OS_AUTH_URL";
    public static final String USERNAME = "OS_USERNAME";
    public static final String PASSWORD = "OS_PASSWORD";
    public static final String PROJECT_NAME = "OS_PROJECT_NAME";
    public static final String USER_DOMAIN_NAME = "OS_USER_DOMAIN_NAME";
    public static final String PROJECT_DOMAIN_NAME = "OS_PROJECT_DOMAIN_NAME";
    public static final String REGION_NAME = "OS_REGION_NAME";
    public static final String STORAGE_URL = "OS_STORAGE_URL";
    public static final String IMAGE_URL = "OS_IMAGE_URL";
    /** The environment variable naming an openrc file to read the settings from instead. */
    public static final String OPENRC = "LANDER_OPENRC";

    private static final List<String> REQUIRED = List.of(AUTH_URL, USERNAME, PASSWORD, PROJECT_NAME);
    private static final String DEFAULT_DOMAIN = "Default";
    // export NAME=value, NAME='value' or NAME="value" (no escapes, no expansions)
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(?:'([^']*)'|\"([^\"$`\\\\]*)\"|([^\\s'\"$`\\\\;&|]*))\\s*");

    public OpenStackSettings {
        if (!"http".equals(authUrl.getScheme()) && !"https".equals(authUrl.getScheme())) {
            throw new IllegalArgumentException(AUTH_URL + " must be an http or https URL, not '" + authUrl + "'");
        }
        authUrl = keystoneV3(authUrl);
        storageUrl.ifPresent(u -> requireHttp(STORAGE_URL, u));
        imageUrl.ifPresent(u -> requireHttp(IMAGE_URL, u));
    }

    /**
     * The settings from {@code OS_*} variables; {@code OS_USER_DOMAIN_NAME} and
     * {@code OS_PROJECT_DOMAIN_NAME} default to {@code Default}. When {@code LANDER_OPENRC} names a
     * file, the settings come from that file alone.
     *
     * @throws IllegalArgumentException naming every required setting that is missing
     */
    public static OpenStackSettings fromEnv(Map<String, String> env) throws IOException {
        String openrc = env.get(OPENRC);
        if (openrc != null && !openrc.isBlank()) {
            return fromOpenrc(Path.of(openrc));
        }
        return fromMap(env, "the environment");
    }

    /** The settings from the assignments of an openrc file ({@code export OS_AUTH_URL=…} lines). */
    public static OpenStackSettings fromOpenrc(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(trimmed);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + lineNumber
                        + ": not a plain assignment (only NAME=value, 'value' or \"value\" without expansions)");
            }
            String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            values.put(m.group(1), value);
        }
        return fromMap(values, file.toString());
    }

    private static OpenStackSettings fromMap(Map<String, String> values, String source) {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (blank(values.get(key))) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("OpenStack settings missing from " + source + ": "
                    + String.join(", ", missing) + " (Keystone v3: " + String.join(", ", REQUIRED)
                    + ", optionally " + USER_DOMAIN_NAME + ", " + PROJECT_DOMAIN_NAME + ", " + REGION_NAME + ")");
        }
        return new OpenStackSettings(
                uri(AUTH_URL, values.get(AUTH_URL)),
                values.get(USERNAME),
                values.get(PASSWORD),
                values.get(PROJECT_NAME),
                orDefault(values.get(USER_DOMAIN_NAME)),
                orDefault(values.get(PROJECT_DOMAIN_NAME)),
                optional(values.get(REGION_NAME)),
                optional(values.get(STORAGE_URL)).map(v -> uri(STORAGE_URL, v)),
                optional(values.get(IMAGE_URL)).map(v -> uri(IMAGE_URL, v)));
    }

    /** The same settings with the object-store endpoint replaced (a proxy in front of Swift). */
    public OpenStackSettings withStorageUrl(URI url) {
        return new OpenStackSettings(authUrl, username, password, projectName, userDomainName, projectDomainName,
                regionName, Optional.of(url), imageUrl);
    }

    @Override
    public String toString() {
        return "OpenStackSettings[authUrl=" + authUrl + ", username=" + username + ", password=***, projectName="
                + projectName + ", userDomainName=" + userDomainName + ", projectDomainName=" + projectDomainName
                + ", regionName=" + regionName.orElse("(any)") + storageUrl.map(u -> ", storageUrl=" + u).orElse("")
                + imageUrl.map(u -> ", imageUrl=" + u).orElse("") + "]";
    }

    /** OpenStack4j's v3 builder wants the {@code /v3} root; people write the bare Keystone URL too. */
    private static URI keystoneV3(URI url) {
        String s = url.toString().replaceAll("/+$", "");
        if (s.endsWith("/v2.0")) {
            throw new IllegalArgumentException(AUTH_URL + " is a Keystone v2.0 URL (" + url + "); Keystone v3 is needed");
        }
        return URI.create(s.endsWith("/v3") ? s : s + "/v3");
    }

    private static void requireHttp(String key, URI url) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(key + " must be an http or https URL, not '" + url + "'");
        }
    }

    private static URI uri(String key, String value) {
        try {
            return new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: '" + value + "'", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orDefault(String s) {
        return blank(s) ? DEFAULT_DOMAIN : s;
    }

    private static Optional<String> optional(String s) {
        return blank(s) ? Optional.empty() : Optional.of(s.strip());
    }
}
