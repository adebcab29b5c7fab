package io.jenkins.plugins.lander.steps.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalConfigTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentNamesTheMirrorAndTheCache() {
        LocalConfig config = LocalConfig.fromEnvironment(dir.resolve("data"), Map.of(
                "LANDER_MIRROR", "http://127.0.0.1:3142/deb.debian.org/debian",
                "LANDER_CACHE", dir.resolve("cache").toString()));

        assertThat(config.mirror()).isEqualTo("http://127.0.0.1:3142/deb.debian.org/debian");
        assertThat(config.cacheDir()).isEqualTo(dir.resolve("cache"));
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.poolSize()).isEqualTo(LocalConfig.DEFAULT_POOL_SIZE);
        assertThat(config.series()).isEqualTo(LocalConfig.DEFAULT_SERIES);
    }

    @Test
    void unsetOrBlankVariablesMeanTheDefaults() {
        Map<String, String> env = Map.of("LANDER_MIRROR", "  ", "XDG_CACHE_HOME", dir.toString());

        LocalConfig config = LocalConfig.fromEnvironment(dir.resolve("data"), env);

        assertThat(config.mirror()).isEqualTo(LocalConfig.DEFAULT_MIRROR);
        assertThat(config.cacheDir()).isEqualTo(dir.resolve("lander"));
        assertThat(LocalConfig.fromEnvironment(dir, Map.of("XDG_CACHE_HOME", dir.toString())).mirror())
                .isEqualTo(LocalConfig.DEFAULT_MIRROR);
    }

    @Test
    void aMirrorWithAPortOrIpv6HostIsAccepted() {
        assertThat(LocalConfig.fromEnvironment(dir, Map.of("LANDER_MIRROR", "https://[fd00::1]:8443/debian/"))
                .mirror()).isEqualTo("https://[fd00::1]:8443/debian/");
        assertThat(new LocalConfig(dir, dir, 1, " http://mirror.example/debian ", null).mirror())
                .isEqualTo("http://mirror.example/debian");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://deb.debian.org/debian", // apt in the chroot would take it, the proxy and checks would not
        "deb.debian.org/debian", // no scheme
        "http://deb.debian.org/debian' && touch /tmp/owned && echo '", // quoted into testbed commands
        "http://deb.debian.org/debian bookworm main", // a sources line, not a URL
        "http://deb.debian.org/debian?x=1",
        "http:///debian",
    })
    void anUnusableMirrorIsRefusedNamingTheVariable(String mirror) {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir, Map.of("LANDER_MIRROR", mirror)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LANDER_MIRROR: the Debian mirror must be an http:// or https:// URL")
                .hasMessageContaining(mirror.trim());
        assertThatThrownBy(() -> new LocalConfig(dir, dir, 1, mirror, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsInTheMirrorAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir,
                        Map.of("LANDER_MIRROR", "http://user:s3cret@mirror.example/debian")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LANDER_MIRROR: the Debian mirror must not carry credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void thePpaServiceAddressIsRoutableWhenGivenAndLoopbackOtherwise() {
        LocalConfig routable = LocalConfig.fromEnvironment(dir, Map.of("LANDER_PPA_ADDRESS", "10.77.0.1:8480"));
        assertThat(routable.ppaSocketAddress().getAddress().getHostAddress()).isEqualTo("10.77.0.1");
        assertThat(routable.ppaSocketAddress().getPort()).isEqualTo(8480);
        LocalConfig loopback = LocalConfig.fromEnvironment(dir, Map.of());
        assertThat(loopback.ppaSocketAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(loopback.ppaSocketAddress().getPort()).isZero();
    }

    @Test
    void aPpaServiceAddressThatIsNotAnAddressAndPortIsRefusedNamingTheVariable() {
        for (String bad : List.of("ppa.example:8480", "10.77.0.1", "10.77.0.1:99999", "10.77.0.1:80/x")) {
            assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir, Map.of("LANDER_PPA_ADDRESS", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("LANDER_PPA_ADDRESS: the PPA address must be IPV4:PORT or [IPV6]:PORT");
        }
    }

    @Test
    void updatesAndSecurityAreSourcesByDefault() {
        LocalConfig config = LocalConfig.defaults(dir);
        assertThat(config.updates()).isTrue();
        assertThat(config.security()).contains("http://deb.debian.org/debian-security");
        // a proxy that keeps deb.debian.org's paths has the sibling too; another mirror has none
        assertThat(LocalConfig.fromEnvironment(dir, Map.of("LANDER_MIRROR", "http://127.0.0.1:3142/deb.debian.org/debian"))
                .security()).contains("http://127.0.0.1:3142/deb.debian.org/debian-security");
        assertThat(LocalConfig.fromEnvironment(dir, Map.of("LANDER_MIRROR", "http://mirror.example/pub/"))
                .security()).isEmpty();
    }

    @Test
    void updatesAndSecurityAreConfigurable() {
        LocalConfig off = LocalConfig.fromEnvironment(dir, Map.of("LANDER_UPDATES", "no", "LANDER_SECURITY_MIRROR", "no"));
        assertThat(off.updates()).isFalse();
        assertThat(off.security()).isEmpty();
        LocalConfig other = LocalConfig.fromEnvironment(dir, Map.of("LANDER_SECURITY_MIRROR", "http://security.example/debian-security"));
        assertThat(other.updates()).isTrue();
        assertThat(other.security()).contains("http://security.example/debian-security");
    }

    @Test
    void badUpdatesOrSecuritySettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir, Map.of("LANDER_UPDATES", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LANDER_UPDATES: yes or no, not 'maybe'");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir, Map.of("LANDER_SECURITY_MIRROR", "http://x/' ; rm -rf / '")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LANDER_SECURITY_MIRROR: the Debian mirror must be an http:// or https:// URL");
    }

    @Test
    void triggeredTestsComeFromTheLandersArchiveOnlyUnlessTheMirrorIsChosen() {
        assertThat(LocalConfig.defaults(dir).mirrorTriggers()).isFalse();
        assertThat(LocalConfig.fromEnvironment(dir, Map.of("LANDER_TRIGGERED_TESTS_MIRROR", "yes")).mirrorTriggers()).isTrue();
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(dir, Map.of("LANDER_TRIGGERED_TESTS_MIRROR", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LANDER_TRIGGERED_TESTS_MIRROR: yes or no, not '1'");
    }
}
