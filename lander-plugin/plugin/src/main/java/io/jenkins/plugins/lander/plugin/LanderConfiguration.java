package io.jenkins.plugins.lander.plugin;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.datastore.DataStores;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.notify.SmtpSettings;
import io.jenkins.plugins.lander.steps.BackendSelection;
import io.jenkins.plugins.lander.steps.BackendSelection.Setting;
import io.jenkins.plugins.lander.steps.LandingBackends;
import io.jenkins.plugins.lander.steps.launchpad.LaunchpadCredentials;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Lander, and {@code unclassified: lander:} in Configuration as Code.
 * Secrets are referenced by credentials id only.
 */
@Extension
@Symbol("lander")
public class LanderConfiguration extends GlobalConfiguration {
    private static final Pattern SERIES_NAME = Pattern.compile("[a-z][a-z0-9.-]*");
    private static final String SMTP_URL = "LANDER_SMTP_URL";
    private static final String MAIL_FROM = "LANDER_MAIL_FROM";
    private static final String ADMINS = "LANDER_ADMINS";

    // The three backend choices (docs/jenkins.md, Configuration), mapped to the CLI's settings by
    // build-steps-core's BackendSelection; the secrets are credentials ids only.
    /** PPAs and builds: {@code local} (aptly here, builds on the agents) or {@code launchpad}. */
    private String ppas = LandingBackends.LOCAL;
    /** The data store: {@code local} ({@code DATA_DIR/store}) or {@code swift}. */
    private String store = DataStores.LOCAL;
    /** {@code unshare}, {@code qemu}, {@code nova}, or null for the default rule. */
    private String testbed;

    private String launchpadOwner;
    private String launchpadArchive;
    private String launchpadSigningKey;
    /** The GnuPG home holding the signing key on the agents; null for gpg's default. */
    private String launchpadGnupgHome;
    /** Null is Launchpad's own web service. */
    private String launchpadApi;

    private String openstackAuthUrl;
    private String openstackProject;
    private String openstackUserDomain;
    private String openstackProjectDomain;
    private String openstackRegion;

    private String novaFlavor;
    private String novaImage;
    private String novaNetwork;
    private String novaLogin;
    /** Null means {@code $JENKINS_HOME/lander}. */
    private String dataDir;
    /** Null means {@code DATA_DIR/cache}. */
    private String cacheDir;

    private int poolSize = 2;
    /** An upload that tests nothing fails its ticket (EngineSettings.requireTests, as the CLI's --require-tests). */
    private boolean requireTests;

    private String series = "bookworm";
    private String mirror = "http://deb.debian.org/debian";
    private NotificationMode notificationMode = NotificationMode.YES;

    // Mail about tickets (docs/notifications.md), the settings behind the CLI's LANDER_* variables.
    private NotifySettings.Mode mailMode = NotifySettings.Mode.NO;
    private NotifySettings.On mailOn = NotifySettings.On.FAILURES;
    /** Automatic tickets (a sync's) are mailed too (LANDER_NOTIFY_AUTOMATIC=yes). */
    private boolean mailAutomatic;
    /** {@code smtp://HOST[:PORT][?starttls=required]} or {@code smtps://HOST[:PORT]}. */
    private String smtpUrl;
    /** A "Username with password" credential for SMTP AUTH; null sends without AUTH. */
    private String smtpCredentialsId;

    private String mailFrom;
    /** Addresses mailed about every ticket, RFC 5322 list. */
    private String mailAdmins;

    private String launchpadCredentialsId;
    private String openstackCredentialsId;

    /** Absolute path of the OpenPGP keyring uploads must be signed with; null accepts unsigned uploads. */
    private String keyring;
    /**
     * Jobs and folders whose runs may use the landing steps, one full name a line ({@code lander/}
     * for a folder and all in it). Empty: a run may when its authentication has Job/Build on its job.
     */
    private String allowedJobs;

    /**
     * {@code IPV4:PORT} or {@code [IPV6]:PORT} the PPAs, the archive and the PPA service are served
     * on, an address every agent reaches; null serves them on a free port of 127.0.0.1 (agents on
     * this machine only).
     */
    private String ppaAddress;
    /** The bearer token agents add their build results to the PPA service with; generated once. */
    private Secret ppaToken;

    /** Counts the changes of the settings the engine is built from, so that it is rebuilt after one. */
    private transient long generation;
    /** The data store opened for {@link #openedGeneration}: one Keystone login per configuration, not per request. */
    private transient DataStore openedStore;

    private transient long openedGeneration = -1;

    public LanderConfiguration() {
        load();
    }

    /** A copy of the saved settings that a form check changes, saving nothing. */
    private LanderConfiguration(LanderConfiguration saved) {
        ppas = saved.ppas;
        store = saved.store;
        testbed = saved.testbed;
        series = saved.series;
        poolSize = saved.poolSize;
        dataDir = saved.dataDir;
        launchpadGnupgHome = saved.launchpadGnupgHome;
        launchpadApi = saved.launchpadApi;
        openstackUserDomain = saved.openstackUserDomain;
        openstackProjectDomain = saved.openstackProjectDomain;
        openstackRegion = saved.openstackRegion;
        novaImage = saved.novaImage;
        novaNetwork = saved.novaNetwork;
        novaLogin = saved.novaLogin;
    }

    public static @NonNull LanderConfiguration get() {
        return ExtensionList.lookupSingleton(LanderConfiguration.class);
    }

    /**
     * Where the engine and the run pages archive and read logs and artifacts, one container per
     * ticket: {@code DATA_DIR/store}, or Swift with the configured OpenStack settings and
     * credentials (opened once per saved configuration).
     *
     * @throws IOException naming what the configuration lacks, or when Swift refuses it
     */
    public synchronized @NonNull DataStore dataStore() throws IOException {
        if (openedStore == null || openedGeneration != generation) {
            try {
                openedStore = DataStores.open(backendSettings(), dataPath().resolve("store"));
            } catch (IllegalArgumentException e) {
                throw new IOException("Lander data store: " + e.getMessage(), e);
            }
            openedGeneration = generation;
        }
        return openedStore;
    }

    /** The backend choices and their plain settings, as the core maps them to the CLI's. */
    public @NonNull BackendSelection selection() {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        putIfSet(v, Setting.LAUNCHPAD_OWNER, launchpadOwner);
        putIfSet(v, Setting.LAUNCHPAD_ARCHIVE, launchpadArchive);
        putIfSet(v, Setting.LAUNCHPAD_SIGNING_KEY, launchpadSigningKey);
        putIfSet(v, Setting.LAUNCHPAD_GNUPGHOME, launchpadGnupgHome);
        putIfSet(v, Setting.LAUNCHPAD_API, launchpadApi);
        putIfSet(v, Setting.LAUNCHPAD_SERIES, String.join(",", seriesSet()));
        putIfSet(v, Setting.LAUNCHPAD_POOL_SIZE, Integer.toString(poolSize));
        putIfSet(v, Setting.OS_AUTH_URL, openstackAuthUrl);
        putIfSet(v, Setting.OS_PROJECT_NAME, openstackProject);
        putIfSet(v, Setting.OS_USER_DOMAIN_NAME, openstackUserDomain);
        putIfSet(v, Setting.OS_PROJECT_DOMAIN_NAME, openstackProjectDomain);
        putIfSet(v, Setting.OS_REGION_NAME, openstackRegion);
        putIfSet(v, Setting.NOVA_FLAVOR, novaFlavor);
        putIfSet(v, Setting.NOVA_IMAGE, novaImage);
        putIfSet(v, Setting.NOVA_NETWORK, novaNetwork);
        putIfSet(v, Setting.NOVA_LOGIN, novaLogin);
        return new BackendSelection(ppas, store, testbed, v);
    }

    private static void putIfSet(Map<Setting, String> values, Setting setting, String value) {
        if (value != null) {
            values.put(setting, value);
        }
    }

    /**
     * The secrets the choices need, from Credentials at this moment; a credential that is named
     * but missing is refused, naming it. They are in no file and no message.
     */
    private BackendSelection.Secrets secrets(BackendSelection selection) throws IOException {
        Optional<LaunchpadCredentials> launchpad = Optional.empty();
        if (selection.launchpad() && launchpadCredentialsId != null) {
            launchpad = Optional.of(CredentialsLookup.launchpadToken(launchpadCredentialsId));
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (selection.openstack() && openstackCredentialsId != null) {
            StandardUsernamePasswordCredentials os = CredentialsLookup.password(openstackCredentialsId, "OpenStack");
            user = Optional.of(os.getUsername());
            password = Optional.of(os.getPassword().getPlainText());
        }
        return new BackendSelection.Secrets(launchpad, user, password);
    }

    /**
     * Everything the controller opens its backends with, under the CLI's names (secrets
     * included: keep it in memory only).
     *
     * @throws IOException with {@link BackendSelection#problem}'s message when the configuration is incomplete
     */
    public @NonNull Map<String, String> backendSettings() throws IOException {
        BackendSelection selection = selection();
        return selection.settings(checkedSecrets(selection));
    }

    /**
     * What {@code lander step} on an agent gets in its environment (never on its command line or
     * in a file): the backend and testbed, and the secrets of those alone.
     */
    public @NonNull Map<String, String> builderEnvironment() throws IOException {
        BackendSelection selection = selection();
        return selection.builderEnvironment(checkedSecrets(selection));
    }

    /** The secrets of a selection that {@link BackendSelection#problem} finds complete. */
    private BackendSelection.Secrets checkedSecrets(BackendSelection selection) throws IOException {
        BackendSelection.Secrets secrets = secrets(selection);
        Optional<String> problem = selection.problem(secrets);
        if (problem.isPresent()) {
            throw new IOException("Lander configuration: " + problem.get());
        }
        return secrets;
    }

    public @NonNull Path dataPath() {
        return Path.of(getDataDir());
    }

    public @NonNull Path cachePath() {
        return Path.of(getCacheDir());
    }

    /** The configured series, in order; the first is the default of steps that take a series. */
    public @NonNull Set<String> seriesSet() {
        return new LinkedHashSet<>(Arrays.asList(Util.fixNull(series).trim().split("[,\\s]+")));
    }

    public @NonNull String defaultSeries() {
        return seriesSet().iterator().next();
    }

    /** The engine's settings changed: the next step gets an engine built from them. */
    private synchronized void settingsChanged() {
        generation++;
        save();
    }

    public synchronized long generation() {
        return generation;
    }

    public @CheckForNull Path keyringPath() {
        return keyring == null ? null : Path.of(keyring);
    }

    public String getKeyring() {
        return keyring;
    }

    @DataBoundSetter
    public void setKeyring(String keyring) {
        String k = Util.fixEmptyAndTrim(keyring);
        if (k != null && !Path.of(k).isAbsolute()) {
            throw new IllegalArgumentException("The keyring must be an absolute path: " + k);
        }
        this.keyring = k;
        settingsChanged();
    }

    public String getPpaAddress() {
        return ppaAddress;
    }

    @DataBoundSetter
    public void setPpaAddress(String ppaAddress) {
        String address = Util.fixEmptyAndTrim(ppaAddress);
        if (address != null) {
            // LocalConfig owns the rule; building one refuses what it would refuse.
            new LocalConfig(dataPath(), cachePath(), 1, mirror, seriesSet(), true, null, address);
        }
        this.ppaAddress = address;
        settingsChanged();
    }

    /** The PPA service's token, generated (and saved encrypted) on first use; never shown in the form. */
    public synchronized @NonNull Secret ppaToken() {
        if (ppaToken == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            ppaToken = Secret.fromString(HexFormat.of().formatHex(bytes));
            save();
        }
        return ppaToken;
    }

    public String getAllowedJobs() {
        return allowedJobs;
    }

    @DataBoundSetter
    public void setAllowedJobs(String allowedJobs) {
        this.allowedJobs = Util.fixEmptyAndTrim(allowedJobs);
        save();
    }

    /** The allow-list, one full name or folder ({@code name/}) an entry; empty when not configured. */
    public @NonNull List<String> allowedJobList() {
        List<String> names = new ArrayList<>();
        for (String line : Util.fixNull(allowedJobs).split("\\R")) {
            String name = line.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    public String getPpas() {
        return ppas;
    }

    @DataBoundSetter
    public void setPpas(String ppas) {
        this.ppas = LandingBackends.kind(Map.of(LandingBackends.VARIABLE, Util.fixNull(ppas)));
        settingsChanged();
    }

    public String getStore() {
        return store;
    }

    @DataBoundSetter
    public void setStore(String store) {
        this.store = DataStores.kind(Map.of(DataStores.KIND, Util.fixNull(store)));
        settingsChanged();
    }

    public String getTestbed() {
        return testbed;
    }

    @DataBoundSetter
    public void setTestbed(String testbed) {
        this.testbed = LandingBackends.testbed(Map.of(LandingBackends.TESTBED_VARIABLE, Util.fixNull(testbed)))
                .map(TestbedKind::label)
                .orElse(null);
        settingsChanged();
    }

    public String getLaunchpadOwner() {
        return launchpadOwner;
    }

    @DataBoundSetter
    public void setLaunchpadOwner(String value) {
        launchpadOwner = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getLaunchpadArchive() {
        return launchpadArchive;
    }

    @DataBoundSetter
    public void setLaunchpadArchive(String value) {
        launchpadArchive = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getLaunchpadSigningKey() {
        return launchpadSigningKey;
    }

    @DataBoundSetter
    public void setLaunchpadSigningKey(String value) {
        launchpadSigningKey = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getLaunchpadGnupgHome() {
        return launchpadGnupgHome;
    }

    @DataBoundSetter
    public void setLaunchpadGnupgHome(String value) {
        launchpadGnupgHome = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getLaunchpadApi() {
        return launchpadApi;
    }

    @DataBoundSetter
    public void setLaunchpadApi(String value) {
        launchpadApi = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getOpenstackAuthUrl() {
        return openstackAuthUrl;
    }

    @DataBoundSetter
    public void setOpenstackAuthUrl(String value) {
        openstackAuthUrl = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getOpenstackProject() {
        return openstackProject;
    }

    @DataBoundSetter
    public void setOpenstackProject(String value) {
        openstackProject = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getOpenstackUserDomain() {
        return openstackUserDomain;
    }

    @DataBoundSetter
    public void setOpenstackUserDomain(String value) {
        openstackUserDomain = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getOpenstackProjectDomain() {
        return openstackProjectDomain;
    }

    @DataBoundSetter
    public void setOpenstackProjectDomain(String value) {
        openstackProjectDomain = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getOpenstackRegion() {
        return openstackRegion;
    }

    @DataBoundSetter
    public void setOpenstackRegion(String value) {
        openstackRegion = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getNovaFlavor() {
        return novaFlavor;
    }

    @DataBoundSetter
    public void setNovaFlavor(String value) {
        novaFlavor = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getNovaImage() {
        return novaImage;
    }

    @DataBoundSetter
    public void setNovaImage(String value) {
        novaImage = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getNovaNetwork() {
        return novaNetwork;
    }

    @DataBoundSetter
    public void setNovaNetwork(String value) {
        novaNetwork = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getNovaLogin() {
        return novaLogin;
    }

    @DataBoundSetter
    public void setNovaLogin(String value) {
        novaLogin = Util.fixEmptyAndTrim(value);
        settingsChanged();
    }

    public String getDataDir() {
        return dataDir != null ? dataDir : new File(Jenkins.get().getRootDir(), "lander").getPath();
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        String dir = Util.fixEmptyAndTrim(dataDir);
        if (dir != null && !Path.of(dir).isAbsolute()) {
            throw new IllegalArgumentException("The data directory must be an absolute path: " + dir);
        }
        this.dataDir = dir;
        settingsChanged();
    }

    public String getCacheDir() {
        return cacheDir != null ? cacheDir : dataPath().resolve("cache").toString();
    }

    @DataBoundSetter
    public void setCacheDir(String cacheDir) {
        String dir = Util.fixEmptyAndTrim(cacheDir);
        if (dir != null && !Path.of(dir).isAbsolute()) {
            throw new IllegalArgumentException("The cache directory must be an absolute path: " + dir);
        }
        this.cacheDir = dir;
        settingsChanged();
    }

    public int getPoolSize() {
        return poolSize;
    }

    @DataBoundSetter
    public void setPoolSize(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("The PPA pool needs at least one PPA, not " + poolSize);
        }
        this.poolSize = poolSize;
        settingsChanged();
    }

    public boolean isRequireTests() {
        return requireTests;
    }

    @DataBoundSetter
    public void setRequireTests(boolean requireTests) {
        this.requireTests = requireTests;
        settingsChanged(); // a new engine: the policy is the engine's, the same for every run
    }

    public String getSeries() {
        return series;
    }

    @DataBoundSetter
    public void setSeries(String series) {
        String error = seriesError(series);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        this.series = series.trim();
        settingsChanged();
    }

    public String getMirror() {
        return mirror;
    }

    @DataBoundSetter
    public void setMirror(String mirror) {
        String m = Util.fixEmptyAndTrim(mirror);
        if (m == null || !(m.startsWith("http://") || m.startsWith("https://"))) {
            throw new IllegalArgumentException("The Debian mirror must be an http(s) URL: " + mirror);
        }
        this.mirror = m;
        settingsChanged();
    }

    public NotificationMode getNotificationMode() {
        return notificationMode;
    }

    @DataBoundSetter
    public void setNotificationMode(NotificationMode notificationMode) {
        this.notificationMode = notificationMode == null ? NotificationMode.YES : notificationMode;
        save();
    }

    public NotifySettings.Mode getMailMode() {
        return mailMode;
    }

    @DataBoundSetter
    public void setMailMode(NotifySettings.Mode mailMode) {
        this.mailMode = mailMode == null ? NotifySettings.Mode.NO : mailMode;
        settingsChanged(); // the mail is the engine's observer: a new engine sends it
    }

    public NotifySettings.On getMailOn() {
        return mailOn;
    }

    @DataBoundSetter
    public void setMailOn(NotifySettings.On mailOn) {
        this.mailOn = mailOn == null ? NotifySettings.On.FAILURES : mailOn;
        settingsChanged();
    }

    public boolean isMailAutomatic() {
        return mailAutomatic;
    }

    @DataBoundSetter
    public void setMailAutomatic(boolean mailAutomatic) {
        this.mailAutomatic = mailAutomatic;
        settingsChanged();
    }

    public String getSmtpUrl() {
        return smtpUrl;
    }

    @DataBoundSetter
    public void setSmtpUrl(String smtpUrl) {
        this.smtpUrl = checkedMailSetting(SMTP_URL, smtpUrl);
        settingsChanged();
    }

    public String getSmtpCredentialsId() {
        return smtpCredentialsId;
    }

    @DataBoundSetter
    public void setSmtpCredentialsId(String smtpCredentialsId) {
        this.smtpCredentialsId = Util.fixEmptyAndTrim(smtpCredentialsId);
        settingsChanged();
    }

    public String getMailFrom() {
        return mailFrom;
    }

    @DataBoundSetter
    public void setMailFrom(String mailFrom) {
        this.mailFrom = checkedMailSetting(MAIL_FROM, mailFrom);
        settingsChanged();
    }

    public String getMailAdmins() {
        return mailAdmins;
    }

    @DataBoundSetter
    public void setMailAdmins(String mailAdmins) {
        this.mailAdmins = checkedMailSetting(ADMINS, mailAdmins);
        settingsChanged();
    }

    /**
     * The engine's mail settings: this configuration under the names the CLI reads
     * ({@link NotifySettings#fromEnvironment}, so the rules are the same), with the SMTP user and
     * password taken from Credentials at this moment; they are in no file and no message.
     *
     * @throws IOException when the settings do not go together (mode yes without server or sender)
     *     or the credential is missing, naming the setting
     */
    public @NonNull NotifySettings mailSettings() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("LANDER_NOTIFY", mailMode.label());
        env.put("LANDER_NOTIFY_ON", mailOn.label());
        env.put("LANDER_NOTIFY_AUTOMATIC", mailAutomatic ? "yes" : "no");
        putIfSet(env, SMTP_URL, smtpUrl);
        putIfSet(env, MAIL_FROM, mailFrom);
        putIfSet(env, ADMINS, mailAdmins);
        if (mailMode == NotifySettings.Mode.YES && smtpCredentialsId != null) {
            StandardUsernamePasswordCredentials smtp = CredentialsLookup.password(smtpCredentialsId, "SMTP server");
            env.put("LANDER_SMTP_USER", smtp.getUsername());
            env.put("LANDER_SMTP_PASSWORD", smtp.getPassword().getPlainText());
        }
        try {
            return NotifySettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new IOException("Lander mail settings: " + e.getMessage(), e);
        }
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** The value trimmed (null when empty), if {@link #mailSettingError} finds nothing wrong with it. */
    private static String checkedMailSetting(String variable, String value) {
        String error = mailSettingError(variable, value);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        return Util.fixEmptyAndTrim(value);
    }

    /** What {@link NotifySettings} says of one mail setting alone (the CLI's message), or null. */
    private static @CheckForNull String mailSettingError(String variable, String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return null;
        }
        try {
            if (variable.equals(SMTP_URL)) {
                SmtpSettings.parse(v, null, null, null);
            } else {
                NotifySettings.fromEnvironment(
                        Map.of("LANDER_NOTIFY", NotifySettings.Mode.DRY_RUN.label(), variable, v));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public String getLaunchpadCredentialsId() {
        return launchpadCredentialsId;
    }

    @DataBoundSetter
    public void setLaunchpadCredentialsId(String launchpadCredentialsId) {
        this.launchpadCredentialsId = Util.fixEmptyAndTrim(launchpadCredentialsId);
        settingsChanged();
    }

    public String getOpenstackCredentialsId() {
        return openstackCredentialsId;
    }

    @DataBoundSetter
    public void setOpenstackCredentialsId(String openstackCredentialsId) {
        this.openstackCredentialsId = Util.fixEmptyAndTrim(openstackCredentialsId);
        settingsChanged();
    }

    private static @CheckForNull String seriesError(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return "Name at least one series, e.g. bookworm";
        }
        for (String name : v.split("[,\\s]+")) {
            if (!SERIES_NAME.matcher(name).matches()) {
                return "Not a series name: '" + name + "'";
            }
        }
        return null;
    }

    @POST
    public FormValidation doCheckSeries(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String error = seriesError(value);
        return error == null ? FormValidation.ok() : FormValidation.error(error);
    }

    @POST
    public FormValidation doCheckDataDir(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return absolutePath(value);
    }

    @POST
    public FormValidation doCheckPpaAddress(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.warning("Served on 127.0.0.1: only agents on the controller's machine can build");
        }
        try {
            new LocalConfig(dataPath(), cachePath(), 1, mirror, seriesSet(), true, null, v);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckKeyring(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return absolutePath(value);
    }

    private static FormValidation absolutePath(String value) {
        String v = Util.fixEmptyAndTrim(value);
        return v == null || Path.of(v).isAbsolute()
                ? FormValidation.ok()
                : FormValidation.error("Must be an absolute path");
    }

    @POST
    public FormValidation doCheckPoolSize(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidation.validatePositiveInteger(value);
    }

    /**
     * Refuses a form whose mail settings do not go together before anything of it is set, so the
     * old configuration stays whole; each value alone is checked by its setter.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        String error = mailModeError(json.optString("mailMode"), json.optString("smtpUrl"), json.optString("mailFrom"));
        if (error != null) {
            throw new FormException(error, "mailMode");
        }
        return super.configure(req, json);
    }

    /** Sending mail (mode YES, by its form value) needs a server and a sender; null when it has them or does not send. */
    private static @CheckForNull String mailModeError(String mode, String smtpUrl, String mailFrom) {
        if (NotifySettings.Mode.YES.name().equals(mode)
                && (Util.fixEmptyAndTrim(smtpUrl) == null || Util.fixEmptyAndTrim(mailFrom) == null)) {
            return "Sending mail needs an SMTP server URL and a sender address";
        }
        return null;
    }

    @POST
    public FormValidation doCheckMailMode(
            @QueryParameter String value, @QueryParameter String smtpUrl, @QueryParameter String mailFrom) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String error = mailModeError(value, smtpUrl, mailFrom);
        return error == null ? FormValidation.ok() : FormValidation.error(error);
    }

    @POST
    public FormValidation doCheckSmtpUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return mailValidation(SMTP_URL, value);
    }

    @POST
    public FormValidation doCheckMailFrom(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return mailValidation(MAIL_FROM, value);
    }

    @POST
    public FormValidation doCheckMailAdmins(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return mailValidation(ADMINS, value);
    }

    private static FormValidation mailValidation(String variable, String value) {
        String error = mailSettingError(variable, value);
        return error == null ? FormValidation.ok() : FormValidation.error(error);
    }

    @POST
    public FormValidation doCheckSmtpCredentialsId(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok("No SMTP AUTH");
        }
        try {
            CredentialsLookup.password(id, "SMTP server");
            return FormValidation.ok();
        } catch (IOException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public ListBoxModel doFillSmtpCredentialsIdItems(@QueryParameter String smtpCredentialsId) {
        return credentialsItems(StandardUsernamePasswordCredentials.class, smtpCredentialsId);
    }

    @POST
    public ListBoxModel doFillLaunchpadCredentialsIdItems(@QueryParameter String launchpadCredentialsId) {
        return credentialsItems(FileCredentials.class, launchpadCredentialsId);
    }

    @POST
    public ListBoxModel doFillPpasItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        items.add("aptly PPAs on the controller, builds on the agents (local)", LandingBackends.LOCAL);
        items.add("Launchpad PPAs and builders (launchpad)", LandingBackends.LAUNCHPAD);
        return items;
    }

    @POST
    public ListBoxModel doFillStoreItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        items.add("the data directory's store/ (local)", DataStores.LOCAL);
        items.add("OpenStack Swift (swift)", DataStores.SWIFT);
        return items;
    }

    @POST
    public ListBoxModel doFillTestbedItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        items.add("unshare, qemu for tests that need isolation-machine (default)", "");
        for (TestbedKind kind : TestbedKind.values()) {
            items.add(kind.label(), kind.label());
        }
        return items;
    }

    /**
     * The backend choices with the form's values as they stand, checked by the core as a step
     * would check them when it runs (the same message); the credentials are looked up, not shown.
     */
    @POST
    public FormValidation doCheckTestbed(
            @QueryParameter String value,
            @QueryParameter String ppas,
            @QueryParameter String store,
            @QueryParameter String launchpadOwner,
            @QueryParameter String launchpadArchive,
            @QueryParameter String launchpadSigningKey,
            @QueryParameter String launchpadCredentialsId,
            @QueryParameter String openstackAuthUrl,
            @QueryParameter String openstackProject,
            @QueryParameter String openstackCredentialsId,
            @QueryParameter String novaFlavor) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        LanderConfiguration form = new LanderConfiguration(this);
        try {
            form.ppas = LandingBackends.kind(Map.of(LandingBackends.VARIABLE, Util.fixNull(ppas)));
            form.store = DataStores.kind(Map.of(DataStores.KIND, Util.fixNull(store)));
            form.testbed = Util.fixEmptyAndTrim(value);
            form.launchpadOwner = Util.fixEmptyAndTrim(launchpadOwner);
            form.launchpadArchive = Util.fixEmptyAndTrim(launchpadArchive);
            form.launchpadSigningKey = Util.fixEmptyAndTrim(launchpadSigningKey);
            form.launchpadCredentialsId = Util.fixEmptyAndTrim(launchpadCredentialsId);
            form.openstackAuthUrl = Util.fixEmptyAndTrim(openstackAuthUrl);
            form.openstackProject = Util.fixEmptyAndTrim(openstackProject);
            form.openstackCredentialsId = Util.fixEmptyAndTrim(openstackCredentialsId);
            form.novaFlavor = Util.fixEmptyAndTrim(novaFlavor);
            form.backendSettings();
            return FormValidation.ok();
        } catch (IOException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public ListBoxModel doFillOpenstackCredentialsIdItems(@QueryParameter String openstackCredentialsId) {
        return credentialsItems(StandardUsernamePasswordCredentials.class, openstackCredentialsId);
    }

    private static ListBoxModel credentialsItems(
            Class<? extends com.cloudbees.plugins.credentials.common.StandardCredentials> type, String current) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(current);
        }
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(
                        ACL.SYSTEM2,
                        Jenkins.get(),
                        type,
                        List.of(),
                        com.cloudbees.plugins.credentials.CredentialsMatchers.always())
                .includeCurrentValue(current);
    }
}
