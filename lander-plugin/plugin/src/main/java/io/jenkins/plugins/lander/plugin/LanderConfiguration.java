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
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import java.io.File;
import java.io.IOException;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Lander, and {@code unclassified: lander:} in Configuration as Code.
 * Secrets are referenced by credentials id only.
 */
@Extension
@Symbol("lander")
public class LanderConfiguration extends GlobalConfiguration {
    private static final Pattern SERIES_NAME = Pattern.compile("[a-z][a-z0-9.-]*");

    private Backend backend = Backend.LOCAL;
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

    public LanderConfiguration() {
        load();
    }

    public static @NonNull LanderConfiguration get() {
        return ExtensionList.lookupSingleton(LanderConfiguration.class);
    }

    /** Where the steps archive logs and artifacts: {@code DATA_DIR/store}, one container per ticket. */
    public @NonNull DataStore dataStore() {
        return new LocalDataStore(dataPath().resolve("store"));
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

    public Backend getBackend() {
        return backend;
    }

    @DataBoundSetter
    public void setBackend(Backend backend) {
        this.backend = backend == null ? Backend.LOCAL : backend;
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

    @POST
    public ListBoxModel doFillLaunchpadCredentialsIdItems(@QueryParameter String launchpadCredentialsId) {
        return credentialsItems(StringCredentials.class, launchpadCredentialsId);
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
