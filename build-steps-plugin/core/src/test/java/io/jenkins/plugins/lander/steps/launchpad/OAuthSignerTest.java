package io.jenkins.plugins.lander.steps.launchpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthSignerTest {
    @TempDir
    Path tmp;

    /**
     * The header oauthlib makes for launchpadlib with consumer {@code my-ci-engine}, token
     * {@code TOKENKEY} and secret {@code TOKEN&SECRET} (shared/reference/cloud-services.md 4.3):
     * the same parameters, order and encoding, the nonce aside.
     */
    @Test
    void signsAsLaunchpadlibDoes() {
        OAuthSigner signer = new OAuthSigner(new LaunchpadCredentials("my-ci-engine", "TOKENKEY", "TOKEN&SECRET"),
                Clock.fixed(Instant.ofEpochSecond(1796157802), ZoneOffset.UTC));

        String header = signer.authorization();

        assertThat(header.replaceFirst("oauth_nonce=\"[0-9]+\"", "oauth_nonce=\"N\"")).isEqualTo("OAuth realm=\"OAuth\", "
                + "oauth_nonce=\"N\", oauth_timestamp=\"1796157802\", oauth_version=\"1.0\", "
                + "oauth_signature_method=\"PLAINTEXT\", oauth_consumer_key=\"my-ci-engine\", oauth_token=\"TOKENKEY\", "
                + "oauth_signature=\"%26TOKEN%2526SECRET\"");
        assertThat(signer.authorization()).as("a fresh nonce each time").isNotEqualTo(header);
    }

    @Test
    void readsLaunchpadlibsCredentialsFileAndNeverShowsTheSecret() throws Exception {
        Path file = Files.writeString(tmp.resolve("creds"),
                "[1]\nconsumer_key = lander\nconsumer_secret = \naccess_token = Tk4711\naccess_secret = Sx\\9\n");

        LaunchpadCredentials c = LaunchpadCredentials.read(file);

        assertThat(c.consumerKey()).isEqualTo("lander");
        assertThat(c.token()).isEqualTo("Tk4711");
        assertThat(c.tokenSecret()).isEqualTo("Sx\\9");
        assertThat(c.toString()).doesNotContain("Tk4711").doesNotContain("Sx");
    }

    @Test
    void refusesIncompleteOrMissingCredentialsNamingTheFileNotItsContent() throws Exception {
        Path file = Files.writeString(tmp.resolve("creds"), "[1]\nconsumer_key = lander\naccess_token = hushhush\n");
        assertThatThrownBy(() -> LaunchpadCredentials.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("access_secret is missing")
                .hasMessageNotContaining("hushhush");
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, file);
        assertThatThrownBy(() -> LaunchpadCredentials.read(link)).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> LaunchpadCredentials.read(tmp.resolve("absent"))).hasMessageContaining("is not a regular file");
    }

    /** A controller that keeps the file's text elsewhere (Jenkins Credentials) hands the token to a builder's environment. */
    @Test
    void theFilesTextAndTheEnvironmentGiveTheSameToken() throws Exception {
        LaunchpadCredentials c = LaunchpadCredentials.parse(
                "[1]\nconsumer_key = lander\nconsumer_secret = \naccess_token = Tk4711\naccess_secret = Sx\\9\n", "the credential");

        LaunchpadCredentials back = LaunchpadCredentials.fromEnvironment(c.environment());

        assertThat(back.consumerKey()).isEqualTo("lander");
        assertThat(back.token()).isEqualTo("Tk4711");
        assertThat(back.tokenSecret()).isEqualTo("Sx\\9");
        assertThat(c.environment()).containsOnlyKeys(LaunchpadCredentials.CONSUMER_KEY, LaunchpadCredentials.ACCESS_TOKEN,
                LaunchpadCredentials.ACCESS_SECRET);
    }

    @Test
    void anIncompleteTokenInTheEnvironmentOrNoneIsRefusedNamingTheVariablesNotTheValues() {
        assertThatThrownBy(() -> LaunchpadCredentials.fromEnvironment(java.util.Map.of(
                        LaunchpadCredentials.CONSUMER_KEY, "lander", LaunchpadCredentials.ACCESS_TOKEN, "hushhush")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LANDER_LAUNCHPAD_ACCESS_SECRET").hasMessageContaining("access_secret is missing")
                .hasMessageNotContaining("hushhush");
        assertThatThrownBy(() -> LaunchpadCredentials.fromEnvironment(java.util.Map.of()))
                .hasMessageContaining("LANDER_LAUNCHPAD_CREDENTIALS must name the Launchpad credentials file")
                .hasMessageContaining("LANDER_LAUNCHPAD_ACCESS_TOKEN");
        assertThatThrownBy(() -> LaunchpadCredentials.parse("[1]\nconsumer_key = lander\naccess_token = hushhush\n", "credential lp"))
                .hasMessageContaining("in credential lp: access_secret is missing").hasMessageNotContaining("hushhush");
    }
}
