package io.jenkins.plugins.lander.plugin;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves the global configuration's credentials ids at use time. Secrets never leave this class
 * as text except to the caller that sends them; errors name the credential, never its value.
 */
public final class CredentialsLookup {
    private CredentialsLookup() {}

    /** The secret of a "Secret text" credential (an API token, an OAuth token). */
    public static @NonNull Secret secret(@CheckForNull String id, @NonNull String purpose) throws IOException {
        return find(StringCredentials.class, id, purpose).getSecret();
    }

    /**
     * The Launchpad OAuth token of a "Secret file" credential: the credentials file as
     * launchpadlib saves it, read by the core; an incomplete one is refused naming the credential.
     */
    public static @NonNull LaunchpadCredentials launchpadToken(@CheckForNull String id) throws IOException {
        FileCredentials file = find(FileCredentials.class, id, "Launchpad OAuth token");
        try (InputStream in = file.getContent()) {
            return LaunchpadCredentials.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), "credential '" + id + "'");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A "Username with password" credential (OpenStack). */
    public static @NonNull StandardUsernamePasswordCredentials password(
            @CheckForNull String id, @NonNull String purpose) throws IOException {
        return find(StandardUsernamePasswordCredentials.class, id, purpose);
    }

    private static <C extends com.cloudbees.plugins.credentials.common.StandardCredentials> C find(
            Class<C> type, String id, String purpose) throws IOException {
        if (id == null || id.isBlank()) {
            throw new IOException("No credentials configured for the " + purpose);
        }
        C found = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        if (found == null) {
            throw new IOException("Credentials '" + id + "' for the " + purpose + " not found or not of type "
                    + type.getSimpleName());
        }
        return found;
    }
}
