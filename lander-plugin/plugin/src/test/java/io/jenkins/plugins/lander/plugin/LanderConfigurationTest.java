package io.jenkins.plugins.lander.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Descriptor;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.notify.SmtpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.springframework.security.access.AccessDeniedException;

@WithJenkins
class LanderConfigurationTest {

    @Test
    void theFormRoundTripKeepsEverySettingAndSavesIt(JenkinsRule r) throws Exception {
        LanderConfiguration c = LanderConfiguration.get();
        c.setPpas("launchpad");
        c.setStore("swift");
        c.setTestbed("nova");
        c.setLaunchpadOwner("ci-bot");
        c.setLaunchpadArchive("~lander/ubuntu/archive");
        c.setLaunchpadSigningKey("C2FDABF437CF39FC64CB5F39CE52762EB42D0578");
        c.setLaunchpadGnupgHome("/home/jenkins/.gnupg");
        c.setLaunchpadApi("https://api.launchpad.test/devel/");
        c.setOpenstackAuthUrl("https://keystone.example:5000/v3");
        c.setOpenstackProject("lander");
        c.setOpenstackUserDomain("ci");
        c.setOpenstackProjectDomain("ci-projects");
        c.setOpenstackRegion("RegionOne");
        c.setNovaFlavor("m1.small");
        c.setNovaImage("debian-12");
        c.setNovaNetwork("net-1");
        c.setNovaLogin("ubuntu");
        c.setDataDir("/srv/lander");
        c.setCacheDir("/var/cache/lander");
        c.setPoolSize(5);
        c.setSeries("bookworm trixie");
        c.setMirror("http://mirror.example/debian");
        c.setNotificationMode(NotificationMode.DRY_RUN);
        c.setLaunchpadCredentialsId("launchpad");
        c.setOpenstackCredentialsId("openstack");
        c.setPpaAddress("10.0.0.1:8470");
        c.setAllowedJobs("lander/\nothers/land");
        c.setKeyring("/etc/lander/uploaders.gpg");
        c.setRequireTests(true);
        c.setMailMode(NotifySettings.Mode.DRY_RUN);
        c.setMailOn(NotifySettings.On.ALL);
        c.setMailAutomatic(true);
        c.setSmtpUrl("smtp://mail.example:587?starttls=required");
        c.setSmtpCredentialsId("smtp");
        c.setMailFrom("Lander <lander@example.org>");
        c.setMailAdmins("\"Doe, Jane\" <jane@example.org>, ops@example.org");

        r.configRoundtrip();

        for (LanderConfiguration saved : new LanderConfiguration[] {c, new LanderConfiguration()}) {
            assertEquals("launchpad", saved.getPpas());
            assertEquals("swift", saved.getStore());
            assertEquals("nova", saved.getTestbed());
            assertEquals("ci-bot", saved.getLaunchpadOwner());
            assertEquals("~lander/ubuntu/archive", saved.getLaunchpadArchive());
            assertEquals("C2FDABF437CF39FC64CB5F39CE52762EB42D0578", saved.getLaunchpadSigningKey());
            assertEquals("/home/jenkins/.gnupg", saved.getLaunchpadGnupgHome());
            assertEquals("https://api.launchpad.test/devel/", saved.getLaunchpadApi());
            assertEquals("https://keystone.example:5000/v3", saved.getOpenstackAuthUrl());
            assertEquals("lander", saved.getOpenstackProject());
            assertEquals("ci", saved.getOpenstackUserDomain());
            assertEquals("ci-projects", saved.getOpenstackProjectDomain());
            assertEquals("RegionOne", saved.getOpenstackRegion());
            assertEquals("m1.small", saved.getNovaFlavor());
            assertEquals("debian-12", saved.getNovaImage());
            assertEquals("net-1", saved.getNovaNetwork());
            assertEquals("ubuntu", saved.getNovaLogin());
            assertEquals("/srv/lander", saved.getDataDir());
            assertEquals("/var/cache/lander", saved.getCacheDir());
            assertEquals(5, saved.getPoolSize());
            assertTrue(saved.isRequireTests());
            assertEquals("bookworm trixie", saved.getSeries());
            assertEquals("bookworm", saved.defaultSeries());
            assertEquals("http://mirror.example/debian", saved.getMirror());
            assertEquals(NotificationMode.DRY_RUN, saved.getNotificationMode());
            assertEquals("launchpad", saved.getLaunchpadCredentialsId());
            assertEquals("openstack", saved.getOpenstackCredentialsId());
            assertEquals("10.0.0.1:8470", saved.getPpaAddress());
            assertEquals(List.of("lander/", "others/land"), saved.allowedJobList());
            assertEquals("/etc/lander/uploaders.gpg", saved.getKeyring());
            assertEquals(NotifySettings.Mode.DRY_RUN, saved.getMailMode());
            assertEquals(NotifySettings.On.ALL, saved.getMailOn());
            assertTrue(saved.isMailAutomatic());
            assertEquals("smtp://mail.example:587?starttls=required", saved.getSmtpUrl());
            assertEquals("smtp", saved.getSmtpCredentialsId());
            assertEquals("Lander <lander@example.org>", saved.getMailFrom());
            assertEquals("\"Doe, Jane\" <jane@example.org>, ops@example.org", saved.getMailAdmins());
        }
    }

    /** The mail settings are the CLI's LANDER_* settings, the SMTP user and password from Credentials only. */
    @Test
    void mailSettingsTakeTheSmtpPasswordFromCredentialsAndKeepItOutOfEveryFile(JenkinsRule r) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(
                                CredentialsScope.GLOBAL, "smtp", "SMTP", "lander", "smtp-s3cr3t"));
        LanderConfiguration c = LanderConfiguration.get();
        assertEquals(NotifySettings.Mode.NO, c.mailSettings().mode(), "no mail unless configured, as the CLI");
        long generation = c.generation();
        c.setMailMode(NotifySettings.Mode.YES);
        c.setMailOn(NotifySettings.On.ALL);
        c.setSmtpUrl("smtp://mail.example:25");
        c.setSmtpCredentialsId("smtp");
        c.setMailFrom("Lander <lander@example.org>");
        c.setMailAdmins("ops@example.org, qa@example.org");
        assertTrue(c.generation() > generation, "a new engine sends the mail as now configured");

        NotifySettings mail = c.mailSettings();

        assertEquals(NotifySettings.Mode.YES, mail.mode());
        assertEquals(NotifySettings.On.ALL, mail.on());
        assertFalse(mail.notifyAutomatic());
        assertEquals("mail.example", mail.smtp().host());
        assertEquals("lander", mail.smtp().user());
        assertEquals("smtp-s3cr3t", mail.smtp().password());
        assertEquals(
                SmtpSettings.Security.STARTTLS_REQUIRED, mail.smtp().security(), "credentials never go in clear text");
        assertEquals("lander@example.org", mail.from().getAddress());
        assertEquals(2, mail.admins().size());
        assertFalse(mail.toString().contains("smtp-s3cr3t"), mail::toString);
        try (Stream<Path> files = Files.walk(r.jenkins.getRootDir().toPath())) {
            assertFalse(
                    files.filter(f -> f.toString().endsWith(".xml")).anyMatch(f -> contains(f, "smtp-s3cr3t")),
                    "the SMTP password is in no configuration file");
        }

        c.setSmtpCredentialsId("gone");
        IOException missing = assertThrows(IOException.class, c::mailSettings);
        assertEquals(
                "Credentials 'gone' for the SMTP server not found or not of type StandardUsernamePasswordCredentials",
                missing.getMessage());
    }

    @Test
    void badMailSettingsAreRefusedNamingThemAndChangeNothing(JenkinsRule r) throws Exception {
        LanderConfiguration c = LanderConfiguration.get();
        c.setSmtpUrl("smtp://mail.example:25");

        IllegalArgumentException url =
                assertThrows(IllegalArgumentException.class, () -> c.setSmtpUrl("http://mail.example"));
        assertTrue(
                url.getMessage().startsWith("LANDER_SMTP_URL: scheme must be smtp:// or smtps://"), url.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setSmtpUrl("smtp://user:pw@mail.example"));
        IllegalArgumentException from =
                assertThrows(IllegalArgumentException.class, () -> c.setMailFrom("a@x.org, b@y.org"));
        assertTrue(from.getMessage().startsWith("LANDER_MAIL_FROM"), from.getMessage());
        IllegalArgumentException admins =
                assertThrows(IllegalArgumentException.class, () -> c.setMailAdmins("ops@\nBcc: x@y.org"));
        assertTrue(admins.getMessage().startsWith("LANDER_ADMINS"), admins.getMessage());
        assertEquals("smtp://mail.example:25", c.getSmtpUrl());
        assertNull(c.getMailFrom());
        assertNull(c.getMailAdmins());

        JSONObject form = new JSONObject()
                .element("mailMode", "YES")
                .element("smtpUrl", "smtp://mail.example:25")
                .element("mailFrom", "");
        Descriptor.FormException refused =
                assertThrows(Descriptor.FormException.class, () -> c.configure((StaplerRequest2) null, form));
        assertEquals("mailMode", refused.getFormField());
        assertEquals(NotifySettings.Mode.NO, c.getMailMode(), "the form changed nothing");

        c.setMailMode(NotifySettings.Mode.YES); // as Configuration as Code would: the engine built from it says so
        IOException together = assertThrows(IOException.class, c::mailSettings);
        assertTrue(
                together.getMessage().startsWith("Lander mail settings: LANDER_NOTIFY=yes needs"),
                together.getMessage());
        assertEquals(FormValidation.Kind.ERROR, c.doCheckMailMode("YES", "smtp://mail.example:25", "").kind);
        assertEquals(FormValidation.Kind.OK, c.doCheckMailMode("DRY_RUN", "", "").kind);
        assertEquals(FormValidation.Kind.ERROR, c.doCheckSmtpUrl("smtps://mail.example?starttls=required").kind);
        assertEquals(FormValidation.Kind.OK, c.doCheckMailAdmins("\"Doe, Jane\" <jane@example.org>").kind);
        assertEquals(FormValidation.Kind.ERROR, c.doCheckSmtpCredentialsId("absent").kind);
    }

    private static final String LAUNCHPAD_FILE =
            "[1]\nconsumer_key = lander\nconsumer_secret = \naccess_token = oauth-t0ken\naccess_secret = oauth-s3cr3t\n";

    private static void addCloudCredentials(JenkinsRule r) throws Exception {
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(
                Domain.global(),
                new FileCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "launchpad",
                        "Launchpad",
                        "credentials.txt",
                        SecretBytes.fromRawBytes(LAUNCHPAD_FILE.getBytes(StandardCharsets.UTF_8))));
        store.addCredentials(
                Domain.global(),
                new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "openstack", "OpenStack", "lander", "os-s3cr3t"));
    }

    private static void configureLaunchpadAndSwift(LanderConfiguration c) {
        c.setPpas("launchpad");
        c.setStore("swift");
        c.setLaunchpadOwner("ci-bot");
        c.setLaunchpadArchive("~lander/ubuntu/archive");
        c.setLaunchpadSigningKey("C2FDABF437CF39FC64CB5F39CE52762EB42D0578");
        c.setLaunchpadCredentialsId("launchpad");
        c.setOpenstackAuthUrl("http://127.0.0.1:15000");
        c.setOpenstackProject("lander");
        c.setOpenstackCredentialsId("openstack");
    }

    /**
     * The secrets are read from Credentials when the backends are opened, under the CLI's names;
     * no configuration file holds them, and an agent gets only those of its own backend.
     */
    @Test
    void secretsStayInTheCredentialsStore(JenkinsRule r) throws Exception {
        addCloudCredentials(r);
        LanderConfiguration c = LanderConfiguration.get();
        configureLaunchpadAndSwift(c);
        r.configRoundtrip();

        Path saved = r.jenkins.getRootDir().toPath().resolve(LanderConfiguration.class.getName() + ".xml");
        String xml = Files.readString(saved);
        assertTrue(xml.contains("<launchpadCredentialsId>launchpad</launchpadCredentialsId>"), xml);
        assertTrue(xml.contains("<openstackCredentialsId>openstack</openstackCredentialsId>"), xml);
        try (Stream<Path> files = Files.walk(r.jenkins.getRootDir().toPath())) {
            assertFalse(
                    files.filter(f -> f.toString().endsWith(".xml"))
                            .anyMatch(f -> contains(f, "oauth-s3cr3t")
                                    || contains(f, "oauth-t0ken")
                                    || contains(f, "os-s3cr3t")),
                    "no secret is in a configuration file in clear");
        }
        Map<String, String> controller = c.backendSettings();
        assertEquals("launchpad", controller.get("LANDER_BACKEND"));
        assertEquals("swift", controller.get("LANDER_DATA_STORE"));
        assertEquals("oauth-s3cr3t", controller.get("LANDER_LAUNCHPAD_ACCESS_SECRET"));
        assertEquals("lander", controller.get("OS_USERNAME"));
        assertEquals("os-s3cr3t", controller.get("OS_PASSWORD"));
        assertEquals("ci-bot", controller.get("LANDER_LAUNCHPAD_OWNER"));
        assertEquals("bookworm", controller.get("LANDER_LAUNCHPAD_SERIES"), "the form's series");
        Map<String, String> agent = c.builderEnvironment();
        assertEquals(
                "oauth-t0ken", agent.get("LANDER_LAUNCHPAD_ACCESS_TOKEN"), "the agent uploads and watches the builds");
        assertFalse(agent.containsKey("OS_PASSWORD"), "only the controller writes the data store");
        assertFalse(agent.containsKey("LANDER_DATA_STORE"));

        IOException missing = assertThrows(IOException.class, () -> CredentialsLookup.launchpadToken("nope"));
        assertEquals(
                "Credentials 'nope' for the Launchpad OAuth token not found or not of type FileCredentials",
                missing.getMessage());
    }

    /** What is missing is named on the form, and with the same words when a step opens the backends. */
    @Test
    void incompleteBackendsAreNamedOnTheFormAndWhenAStepRuns(JenkinsRule r) throws Exception {
        addCloudCredentials(r);
        LanderConfiguration c = LanderConfiguration.get();
        c.setPpas("launchpad");
        c.setLaunchpadOwner("ci-bot");
        String expected = "Lander configuration: PPAs and builds: launchpad, data store: local, testbed: default need: "
                + "Launchpad target archive (LANDER_LAUNCHPAD_ARCHIVE), upload signing key (LANDER_LAUNCHPAD_SIGNING_KEY), "
                + "the Launchpad OAuth token credential";

        FormValidation form = c.doCheckTestbed("", "launchpad", "local", "ci-bot", "", "", "", "", "", "", "");
        assertEquals(FormValidation.Kind.ERROR, form.kind);
        assertEquals(expected, form.getMessage());
        IOException run = assertThrows(
                IOException.class,
                () -> LandingBackendProvider.createBackend(c, (action, request, console) -> {
                    throw new AssertionError("no agent is asked for anything");
                }));
        assertEquals(expected, run.getMessage());
        assertEquals(
                expected, assertThrows(IOException.class, c::builderEnvironment).getMessage());

        FormValidation swift = c.doCheckTestbed("", "local", "swift", "", "", "", "", "", "", "openstack", "");
        assertEquals(
                "Lander configuration: PPAs and builds: local, data store: swift, testbed: default need: "
                        + "OpenStack Keystone URL (OS_AUTH_URL), OpenStack project (OS_PROJECT_NAME)",
                swift.getMessage());
        FormValidation nova = c.doCheckTestbed(
                "nova", "local", "local", "", "", "", "", "http://127.0.0.1:15000", "lander", "openstack", "m1.small");
        assertEquals(FormValidation.Kind.OK, nova.kind, nova.getMessage());
        FormValidation badKey = c.doCheckTestbed(
                "", "launchpad", "local", "ci-bot", "~lander/ubuntu/archive", "xyz", "launchpad", "", "", "", "");
        assertTrue(
                badKey.getMessage().contains("LANDER_LAUNCHPAD_SIGNING_KEY must be an OpenPGP key id"),
                badKey.getMessage());
        assertFalse(badKey.getMessage().contains("oauth-s3cr3t"));
        assertEquals("launchpad", c.getPpas(), "a form check changes nothing saved");
        assertNull(c.getLaunchpadArchive());

        assertThrows(IllegalArgumentException.class, () -> c.setPpas("cloud"));
        assertThrows(IllegalArgumentException.class, () -> c.setStore("s3"));
        assertThrows(IllegalArgumentException.class, () -> c.setTestbed("docker"));
        assertEquals("launchpad", c.getPpas());
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing(JenkinsRule r) {
        LanderConfiguration c = LanderConfiguration.get();
        String dataDir = c.getDataDir();

        assertThrows(IllegalArgumentException.class, () -> c.setPoolSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.setDataDir("relative/dir"));
        assertThrows(IllegalArgumentException.class, () -> c.setSeries("Bookworm!"));
        assertThrows(IllegalArgumentException.class, () -> c.setMirror("ftp://ftp.debian.org/debian"));

        assertEquals(2, c.getPoolSize());
        assertEquals(dataDir, c.getDataDir());
        assertEquals("bookworm", c.getSeries());
        assertEquals("http://deb.debian.org/debian", c.getMirror());
    }

    @Test
    void formMethodsNeedAdminister(JenkinsRule r) {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        LanderConfiguration c = LanderConfiguration.get();

        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThrows(AccessDeniedException.class, () -> c.doCheckSeries("bookworm"));
            assertThrows(AccessDeniedException.class, () -> c.doCheckSmtpUrl("smtp://mail.example"));
            assertThrows(AccessDeniedException.class, () -> c.doCheckMailFrom("lander@example.org"));
            assertThrows(AccessDeniedException.class, () -> c.doCheckMailAdmins("ops@example.org"));
            assertThrows(AccessDeniedException.class, () -> c.doCheckMailMode("YES", "", ""));
            assertThrows(AccessDeniedException.class, () -> c.doCheckSmtpCredentialsId("smtp"));
            assertThrows(
                    AccessDeniedException.class,
                    () -> c.doCheckTestbed("", "local", "swift", "", "", "", "", "", "", "openstack", ""));
            assertThrows(AccessDeniedException.class, c::doFillPpasItems);
            assertThrows(AccessDeniedException.class, c::doFillStoreItems);
            assertThrows(AccessDeniedException.class, c::doFillTestbedItems);
            assertTrue(c.doFillSmtpCredentialsIdItems("smtp").stream().allMatch(o -> o.value.equals("smtp")));
            assertTrue(c.doFillLaunchpadCredentialsIdItems("launchpad").stream()
                    .allMatch(o -> o.value.equals("launchpad")));
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            FormValidation check = c.doCheckSeries("bookworm Sid!");
            assertEquals(FormValidation.Kind.ERROR, check.kind);
            assertTrue(check.getMessage().contains("Sid!"), check.getMessage());
        }
    }

    @Test
    void thePpaServiceTokenIsSavedEncryptedAndKeptAcrossRestarts(JenkinsRule r) throws Exception {
        String token = LanderConfiguration.get().ppaToken().getPlainText();

        Path saved = r.jenkins.getRootDir().toPath().resolve(LanderConfiguration.class.getName() + ".xml");
        assertFalse(Files.readString(saved).contains(token), "the token is saved encrypted");
        assertEquals(token, new LanderConfiguration().ppaToken().getPlainText());
        assertThrows(
                IllegalArgumentException.class, () -> LanderConfiguration.get().setPpaAddress("lander.example:80"));
    }
}
