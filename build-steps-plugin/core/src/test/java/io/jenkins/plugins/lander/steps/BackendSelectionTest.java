package io.jenkins.plugins.lander.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.datastore.DataStores;
import io.jenkins.plugins.lander.steps.BackendSelection.Secrets;
import io.jenkins.plugins.lander.steps.BackendSelection.Setting;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadConfig;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import io.jenkins.plugins.lander.steps.testbed.nova.NovaSettings;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping of a configuration page's backend choices to the settings the CLI and the server read. */
class BackendSelectionTest {
    private static final Secrets OPENSTACK = new Secrets(Optional.empty(), Optional.of("lander"), Optional.of("Pa55-word"));
    private static final LaunchpadCredentials TOKEN = new LaunchpadCredentials("lander", "Tk4711", "S3cret");

    private static Map<Setting, String> launchpadValues() {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        v.put(Setting.LAUNCHPAD_OWNER, "ci-bot");
        v.put(Setting.LAUNCHPAD_ARCHIVE, "~lander/ubuntu/archive");
        v.put(Setting.LAUNCHPAD_SIGNING_KEY, "C2FDABF437CF39FC64CB5F39CE52762EB42D0578");
        v.put(Setting.LAUNCHPAD_SERIES, "noble");
        v.put(Setting.LAUNCHPAD_POOL_SIZE, "3");
        return v;
    }

    private static Map<Setting, String> openstackValues() {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        v.put(Setting.OS_AUTH_URL, "http://127.0.0.1:15000");
        v.put(Setting.OS_PROJECT_NAME, "lander");
        v.put(Setting.OS_REGION_NAME, "RegionOne");
        return v;
    }

    @Test
    void theDefaultsAreTheLocalBackendsAndNeedNothing() {
        BackendSelection s = new BackendSelection(null, "", null, Map.of());

        assertThat(s.problem(Secrets.NONE)).isEmpty();
        assertThat(s.settings(Secrets.NONE)).isEqualTo(Map.of("LANDER_BACKEND", "local", "LANDER_DATA_STORE", "local"));
        assertThat(s.builderEnvironment(Secrets.NONE)).isEqualTo(Map.of("LANDER_BACKEND", "local"));
        assertThat(LandingBackends.testbed(s.builderEnvironment(Secrets.NONE))).as("the default rule").isEmpty();
    }

    @Test
    void unknownChoicesAreRefusedWithTheCoresMessages() {
        assertThatThrownBy(() -> new BackendSelection("cloud", "local", "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LANDER_BACKEND must be local or launchpad, not 'cloud'");
        assertThatThrownBy(() -> new BackendSelection("local", "s3", "", Map.of()))
                .hasMessageContaining("LANDER_DATA_STORE must be 'local' or 'swift', not 's3'");
        assertThatThrownBy(() -> new BackendSelection("local", "local", "docker", Map.of()))
                .hasMessage("LANDER_TESTBED: unknown testbed 'docker'; choose one of unshare, qemu, nova");
    }

    @Test
    void launchpadNamesEveryMissingSettingAndTheTokenAtOnce() {
        BackendSelection s = new BackendSelection("launchpad", "local", "", Map.of(Setting.LAUNCHPAD_OWNER, "ci-bot"));

        assertThat(s.problem(Secrets.NONE)).hasValue("PPAs and builds: launchpad, data store: local, testbed: default need: "
                + "Launchpad target archive (LANDER_LAUNCHPAD_ARCHIVE), upload signing key (LANDER_LAUNCHPAD_SIGNING_KEY), "
                + "the Launchpad OAuth token credential");
        assertThatThrownBy(() -> s.check(Secrets.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LANDER_LAUNCHPAD_ARCHIVE");
    }

    @Test
    void aValueTheCoreRefusesIsReportedAsTheCliReportsIt() {
        Map<Setting, String> v = launchpadValues();
        v.put(Setting.LAUNCHPAD_SIGNING_KEY, "not-a-key");
        BackendSelection s = new BackendSelection("launchpad", "local", "", v);

        assertThat(s.problem(new Secrets(Optional.of(TOKEN), Optional.empty(), Optional.empty()))).hasValueSatisfying(p -> assertThat(p)
                .contains("LANDER_LAUNCHPAD_SIGNING_KEY must be an OpenPGP key id or fingerprint in hex, not 'not-a-key'")
                .doesNotContain("Tk4711").doesNotContain("S3cret"));
    }

    @Test
    void launchpadSettingsAndTokenReachTheControllerAndTheBuilderUnderTheClisNames() throws Exception {
        BackendSelection s = new BackendSelection("launchpad", "local", "qemu", launchpadValues());
        Secrets secrets = new Secrets(Optional.of(TOKEN), Optional.empty(), Optional.empty());

        assertThat(s.problem(secrets)).isEmpty();
        Map<String, String> builder = s.builderEnvironment(secrets);
        assertThat(builder).containsEntry("LANDER_BACKEND", "launchpad").containsEntry("LANDER_TESTBED", "qemu")
                .containsEntry("LANDER_LAUNCHPAD_OWNER", "ci-bot").containsEntry("LANDER_LAUNCHPAD_POOL_SIZE", "3")
                .doesNotContainKey("LANDER_DATA_STORE").doesNotContainKey(OpenStackSettings.PASSWORD);
        // read back by the very code the CLI and lander step read their environment with
        LaunchpadConfig config = LaunchpadConfig.fromEnvironment(builder);
        assertThat(config.owner()).isEqualTo("ci-bot");
        assertThat(config.target()).isEqualTo("~lander/ubuntu/archive");
        assertThat(config.series()).containsExactly("noble");
        assertThat(config.poolSize()).isEqualTo(3);
        assertThat(LaunchpadCredentials.fromEnvironment(builder).consumerKey()).isEqualTo("lander");
        assertThat(LandingBackends.testbed(builder)).contains(TestbedKind.QEMU);
        assertThat(s.settings(secrets)).containsAllEntriesOf(builder).containsEntry("LANDER_DATA_STORE", "local");
    }

    @Test
    void swiftNeedsTheKeystoneSettingsAndTheCredentialAndStaysOnTheController() throws Exception {
        BackendSelection incomplete = new BackendSelection("local", "swift", "", Map.of());
        assertThat(incomplete.problem(Secrets.NONE)).hasValue("PPAs and builds: local, data store: swift, testbed: default need: "
                + "OpenStack Keystone URL (OS_AUTH_URL), OpenStack project (OS_PROJECT_NAME), "
                + "the OpenStack user name and password credential");

        BackendSelection s = new BackendSelection("local", "swift", "", openstackValues());
        assertThat(s.problem(OPENSTACK)).isEmpty();
        OpenStackSettings read = OpenStackSettings.fromEnv(s.settings(OPENSTACK));
        assertThat(read.authUrl()).isEqualTo(URI.create("http://127.0.0.1:15000/v3"));
        assertThat(read.username()).isEqualTo("lander");
        assertThat(read.projectName()).isEqualTo("lander");
        assertThat(read.userDomainName()).isEqualTo("Default");
        assertThat(read.regionName()).contains("RegionOne");
        assertThat(DataStores.kind(s.settings(OPENSTACK))).isEqualTo("swift");
        assertThat(s.builderEnvironment(OPENSTACK)).as("the builder never writes the data store: no password there")
                .isEqualTo(Map.of("LANDER_BACKEND", "local"));
    }

    @Test
    void aKeystoneV2UrlIsRefusedAsTheCliRefusesIt() {
        Map<Setting, String> v = openstackValues();
        v.put(Setting.OS_AUTH_URL, "http://keystone:5000/v2.0");
        assertThat(new BackendSelection("local", "swift", "", v).problem(OPENSTACK)).hasValueSatisfying(p -> assertThat(p)
                .contains("Keystone v3 is needed").doesNotContain("Pa55-word"));
    }

    @Test
    void novaGivesTheBuilderItsSettingsAndTheOpenStackCredentials() {
        Map<Setting, String> v = openstackValues();
        BackendSelection incomplete = new BackendSelection("local", "local", "nova", v);
        assertThat(incomplete.problem(OPENSTACK)).hasValue(
                "PPAs and builds: local, data store: local, testbed: nova need: Nova flavor (LANDER_NOVA_FLAVOR)");

        v.put(Setting.NOVA_FLAVOR, "m1.small");
        v.put(Setting.NOVA_NETWORK, "net-1");
        BackendSelection s = new BackendSelection("local", "local", "nova", v);
        assertThat(s.problem(OPENSTACK)).isEmpty();
        Map<String, String> builder = s.builderEnvironment(OPENSTACK);
        NovaSettings nova = NovaSettings.fromEnvironment(builder);
        assertThat(nova.flavor()).isEqualTo("m1.small");
        assertThat(nova.network()).contains("net-1");
        assertThat(nova.login()).isEqualTo("debian");
        assertThat(builder).containsEntry(OpenStackSettings.PASSWORD, "Pa55-word").containsEntry("LANDER_TESTBED", "nova")
                .doesNotContainKey("LANDER_DATA_STORE");
    }

    @Test
    void noSecretInWhatIsPrinted() {
        Secrets secrets = new Secrets(Optional.of(TOKEN), Optional.of("lander"), Optional.of("Pa55-word"));
        BackendSelection s = new BackendSelection("launchpad", "swift", "", launchpadValues());

        assertThat(secrets.toString() + s + s.problem(secrets)).doesNotContain("Pa55-word").doesNotContain("Tk4711")
                .doesNotContain("S3cret");
    }
}
