package io.jenkins.plugins.lander.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenStackSettingsTest {
    @TempDir
    Path dir;

    @Test
    void readsAnOpenrcFileAndNeverShowsThePassword() throws Exception {
        Path rc = Files.writeString(dir.resolve("openrc"), """
                # comment
                export OS_AUTH_URL=http://keystone.example:5000
                export OS_USERNAME='ci bot'
                export OS_PASSWORD="s3cret"
                OS_PROJECT_NAME=lander
                export OS_REGION_NAME=RegionOne
                """);
        OpenStackSettings s = OpenStackSettings.fromOpenrc(rc);

        assertThat(s.authUrl()).isEqualTo(URI.create("http://keystone.example:5000/v3"));
        assertThat(s.username()).isEqualTo("ci bot");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.userDomainName()).isEqualTo("Default");
        assertThat(s.regionName()).hasValue("RegionOne");
        assertThat(s.toString()).doesNotContain("s3cret").contains("password=***");
        assertThat(OpenStackSettings.fromEnv(Map.of(OpenStackSettings.OPENRC, rc.toString()))).isEqualTo(s);
    }

    @Test
    void refusesShellItCannotReadWithoutRunningIt() throws Exception {
        Path rc = Files.writeString(dir.resolve("openrc"), "export OS_PASSWORD=$(cat /etc/shadow)\n");
        assertThatThrownBy(() -> OpenStackSettings.fromOpenrc(rc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openrc:1").hasMessageNotContaining("shadow");
    }

    @Test
    void namesEveryMissingSettingAndRefusesKeystoneV2() {
        assertThatThrownBy(() -> OpenStackSettings.fromEnv(Map.of("OS_USERNAME", "u")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OS_AUTH_URL, OS_PASSWORD, OS_PROJECT_NAME");
        assertThatThrownBy(() -> OpenStackSettings.fromEnv(Map.of("OS_AUTH_URL", "http://k:5000/v2.0",
                "OS_USERNAME", "u", "OS_PASSWORD", "p", "OS_PROJECT_NAME", "x")))
                .hasMessageContaining("Keystone v3 is needed");
        assertThatThrownBy(() -> OpenStackSettings.fromEnv(Map.of("OS_AUTH_URL", "file:///etc/passwd",
                "OS_USERNAME", "u", "OS_PASSWORD", "p", "OS_PROJECT_NAME", "x")))
                .hasMessageContaining("http or https");
    }
}
