package io.jenkins.plugins.lander.bridge;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Item;
import hudson.model.User;
import hudson.util.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * A Jenkins with the master pipeline job "lander", users "lander" (may build it) and "reader"
 * (may only see it), and a Ticket System whose API token is a credential.
 */
final class BridgeFixture {
    final JenkinsRule r;
    final WorkflowJob job;

    BridgeFixture(JenkinsRule r, String script, FakeTicketSystem tickets) throws Exception {
        this.r = r;
        job = r.createProject(WorkflowJob.class, "lander");
        job.setDefinition(new CpsFlowDefinition(script, true));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("lander", "reader")
                .grant(Item.READ, Item.BUILD)
                .onItems(job)
                .to("lander")
                .grant(Item.READ)
                .onItems(job)
                .to("reader"));
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, "tickets", "Ticket System", Secret.fromString("t0ken")));
        TicketBridgeConfiguration config = TicketBridgeConfiguration.get();
        config.setTicketSystemUrl(tickets.url());
        config.setCredentialsId("tickets");
    }

    /** A request authenticated with the user's API token, as scripts call the bridge. */
    HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        String token =
                User.getById(user, true).getProperty(ApiTokenProperty.class).generateNewToken("bridge").plainValue;
        return sendAs(method, path, user + ":" + token, body);
    }

    /** A request with HTTP Basic credentials as given (a password, for the CSRF test). */
    HttpResponse<String> sendAs(String method, String path, String credentials, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(r.getURL() + path))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
