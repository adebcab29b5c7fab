package io.jenkins.plugins.lander.steps;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingBackendsTest {
    @TempDir
    Path tmp;

    private void open(Map<String, String> settings) throws Exception {
        LandingBackends.open(tmp.resolve("backend"), settings, LocalConfig.defaults(tmp.resolve("data")),
                new ProcessRunner(new ToolClock()));
    }

    private Map<String, String> launchpad() {
        Map<String, String> s = new HashMap<>();
        s.put("LANDER_BACKEND", "launchpad");
        s.put("LANDER_LAUNCHPAD_OWNER", "ci-bot");
        s.put("LANDER_LAUNCHPAD_ARCHIVE", "~lander/ubuntu/archive");
        s.put("LANDER_LAUNCHPAD_SIGNING_KEY", "C2FDABF437CF39FC64CB5F39CE52762EB42D0578");
        return s;
    }

    @Test
    void refusesAnUnknownBackend() {
        assertThatThrownBy(() -> open(Map.of("LANDER_BACKEND", "cloud")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LANDER_BACKEND must be local or launchpad, not 'cloud'");
    }

    @Test
    void launchpadNeedsItsCredentialsAndSettingsAndSaysWhichAreMissing() throws Exception {
        assertThatThrownBy(() -> open(launchpad())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LANDER_LAUNCHPAD_CREDENTIALS must name the Launchpad credentials file");

        Map<String, String> noOwner = launchpad();
        noOwner.remove("LANDER_LAUNCHPAD_OWNER");
        assertThatThrownBy(() -> open(noOwner)).hasMessageContaining("LANDER_LAUNCHPAD_OWNER is required");

        Map<String, String> bad = launchpad();
        bad.put("LANDER_LAUNCHPAD_API", "https://user:pw@api.launchpad.net/devel/");
        assertThatThrownBy(() -> open(bad)).hasMessageContaining("no credentials").hasMessageNotContaining("pw@");

        Map<String, String> broken = launchpad();
        Path file = Files.writeString(tmp.resolve("creds"), "[1]\naccess_token = t0ken\n");
        broken.put("LANDER_LAUNCHPAD_CREDENTIALS", file.toString());
        assertThatThrownBy(() -> open(broken)).hasMessageContaining("consumer_key is missing").hasMessageNotContaining("t0ken");
    }

    @Test
    void refusesAnUnknownTestbedNamingTheChoicesAndNovaWithoutItsSettings() throws Exception {
        assertThatThrownBy(() -> open(Map.of("LANDER_TESTBED", "docker"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LANDER_TESTBED: unknown testbed 'docker'; choose one of unshare, qemu, nova");
        // checked before anything is made: no backend directory, no pool
        assertThatThrownBy(() -> open(Map.of("LANDER_TESTBED", "nova"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the nova testbed needs LANDER_NOVA_FLAVOR (a flavor id)");
        org.assertj.core.api.Assertions.assertThat(tmp.resolve("backend")).doesNotExist();
        org.assertj.core.api.Assertions.assertThat(LandingBackends.testbed(Map.of("LANDER_TESTBED", " qemu ")))
                .contains(io.jenkins.plugins.lander.steps.testbed.TestbedKind.QEMU);
        org.assertj.core.api.Assertions.assertThat(LandingBackends.testbed(Map.of())).isEmpty();
    }

    @Test
    void checkReadsWhatOpenReadsAndMakesNothing() throws Exception {
        Map<String, String> s = launchpad();
        s.putAll(new io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials("lander", "Tk", "Sx").environment());
        LandingBackends.check(s);
        s.put("LANDER_TESTBED", "nova");
        assertThatThrownBy(() -> LandingBackends.check(s)).hasMessage("the nova testbed needs LANDER_NOVA_FLAVOR (a flavor id)");
        s.put("LANDER_NOVA_FLAVOR", "m1.small");
        assertThatThrownBy(() -> LandingBackends.check(s)).hasMessageContaining("OpenStack settings missing from the environment: "
                + "OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME");
        org.assertj.core.api.Assertions.assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aLocalBuilderNeedsThePpaServiceOfTheRequest() {
        assertThatThrownBy(() -> LandingBackends.builder(tmp.resolve("backend"), Map.of(), LocalConfig.defaults(tmp.resolve("data")),
                        new ProcessRunner(new ToolClock()), null, "token", "bookworm"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the request names no PPA service");
    }
}
