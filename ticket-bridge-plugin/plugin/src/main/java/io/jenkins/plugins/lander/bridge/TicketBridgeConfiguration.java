package io.jenkins.plugins.lander.bridge;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.Job;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.plugin.CredentialsLookup;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Lander ticket bridge, and {@code unclassified: landerTicketBridge:}
 * in Configuration as Code: the Ticket System to report to, the master pipeline job the bridge
 * schedules, and how many landings may run at once.
 */
@Extension
@Symbol("landerTicketBridge")
public class TicketBridgeConfiguration extends GlobalConfiguration {
    private String ticketSystemUrl;
    private String credentialsId;
    private String jobName = "lander";
    private int landingSlots = 1;

    public TicketBridgeConfiguration() {
        load();
    }

    public static @NonNull TicketBridgeConfiguration get() {
        return ExtensionList.lookupSingleton(TicketBridgeConfiguration.class);
    }

    /** The client of the configured Ticket System, or null when none is configured. */
    public @CheckForNull TicketClient client() throws IOException {
        if (ticketSystemUrl == null) {
            return null;
        }
        // lander-core's client, the one the CLI uses; the token is resolved now, never stored
        return new TicketClient(
                URI.create(ticketSystemUrl),
                CredentialsLookup.secret(credentialsId, "Ticket System API token").getPlainText());
    }

    /** The master pipeline job, if the caller may see it. */
    public @CheckForNull Job<?, ?> job() {
        return Jenkins.get().getItemByFullName(jobName, Job.class);
    }

    public String getTicketSystemUrl() {
        return ticketSystemUrl;
    }

    @DataBoundSetter
    public void setTicketSystemUrl(String ticketSystemUrl) {
        String url = Util.fixEmptyAndTrim(ticketSystemUrl);
        String error = urlError(url);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        this.ticketSystemUrl = url == null ? null : url.replaceAll("/+$", "");
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    public String getJobName() {
        return jobName;
    }

    @DataBoundSetter
    public void setJobName(String jobName) {
        String name = Util.fixEmptyAndTrim(jobName);
        if (name == null) {
            throw new IllegalArgumentException("Name the master pipeline job");
        }
        this.jobName = name;
        save();
    }

    public int getLandingSlots() {
        return landingSlots;
    }

    @DataBoundSetter
    public void setLandingSlots(int landingSlots) {
        if (landingSlots < 1) {
            throw new IllegalArgumentException("At least one landing must be able to run, not " + landingSlots);
        }
        this.landingSlots = landingSlots;
        save();
    }

    private static @CheckForNull String urlError(@CheckForNull String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "Not a URL: " + url;
        }
        return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme())
                ? null
                : "The Ticket System URL must be http(s), e.g. http://tickets.example:8000";
    }

    @POST
    public FormValidation doCheckTicketSystemUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String error = urlError(Util.fixEmptyAndTrim(value));
        return error == null ? FormValidation.ok() : FormValidation.error(error);
    }

    @POST
    public FormValidation doCheckJobName(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Jenkins.get().getItemByFullName(Util.fixNull(value).trim(), Job.class) == null
                ? FormValidation.warning(
                        "No job named '" + value + "' yet: create a Pipeline job running pipelines/lander.groovy")
                : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckLandingSlots(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidation.validatePositiveInteger(value);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(credentialsId);
        }
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(
                        ACL.SYSTEM2, Jenkins.get(), StringCredentials.class, List.of(), CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }
}
