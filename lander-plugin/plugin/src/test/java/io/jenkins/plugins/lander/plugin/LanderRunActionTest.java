package io.jenkins.plugins.lander.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;

import hudson.model.DirectoryBrowserSupport;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.rdeps.TriggeredVerdict;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The run page's summary, the action's page and the archived files it serves, over HTTP. */
@WithJenkins
class LanderRunActionTest {

    private static HttpResponse<String> get(JenkinsRule r, String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(r.getURL() + path));
        if (user != null) {
            String token =
                    User.getById(user, true).getProperty(ApiTokenProperty.class).generateNewToken("test").plainValue;
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showsTheLandingAndServesItsArchivedFilesToReaders(JenkinsRule r) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject("land");
        FreeStyleBuild b = r.buildAndAssertSuccess(job);
        LanderRunAction landing = LanderRunAction.of(b, "42");
        landing.stepStarted("autopkgtest/bookworm/hello.dsc", "Run autopkgtest of hello.dsc on bookworm");
        landing.progress(3, 7, "greets");
        landing.addVerdicts("hello", "2.10-3", List.of(new Verdict("greets", "FAIL", false, "non-zero exit status 1")));
        String reference = LanderConfiguration.get()
                .dataStore()
                .put(
                        "ticket.42",
                        "hello_2.10-3/build.log",
                        "dpkg-buildpackage\n".getBytes(StandardCharsets.UTF_8),
                        DataStore.Visibility.PUBLIC)
                .toString();
        landing.addArchived(List.of(new Artifact("hello_2.10-3/build.log", ArtifactType.LOGS, reference)));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader"));

        String runPage = get(r, b.getUrl(), "reader").body();
        assertTrue(runPage.contains("Ticket 42") && runPage.contains("(3/7 greets)"), runPage);
        String page = get(r, b.getUrl() + "lander-42/", "reader").body();
        assertTrue(page.contains("non-zero exit status 1") && page.contains("hello_2.10-3/build.log"), page);
        assertTrue(page.contains("href=\"archive/hello_2.10-3/build.log\""), "a local file is served by the page: " + page);
        assertNull(landing.getArchived().get(0).getUrl());

        HttpResponse<String> file = get(r, b.getUrl() + "lander-42/archive/hello_2.10-3/build.log", "reader");
        assertEquals(200, file.statusCode());
        assertEquals("dpkg-buildpackage\n", file.body());
        assertEquals(
                404,
                get(r, b.getUrl() + "lander-42/archive/other/file", "reader").statusCode());
        assertEquals(
                403,
                get(r, b.getUrl() + "lander-42/archive/hello_2.10-3/build.log", null)
                        .statusCode());
    }

    /** The regression table: every row, the REGRESSION marked, links only to what the page serves. */
    @Test
    void showsTheRegressionTableWithTheRegressionMarkedAndItsLogLinked(JenkinsRule r) throws Exception {
        FreeStyleBuild b = r.buildAndAssertSuccess(r.createFreeStyleProject("land"));
        LanderRunAction landing = LanderRunAction.of(b, "44");
        landing.setTriggered(new TriggeredTable(
                3,
                2,
                List.of(
                        new TriggeredResult(
                                "bb",
                                "1.0",
                                "amd64",
                                "liba_2.0",
                                "archive",
                                TriggeredVerdict.REGRESSION,
                                4,
                                0,
                                "smoke FAIL; passes without liba_2.0"),
                        new TriggeredResult(
                                "cc",
                                "2.1",
                                "amd64",
                                "liba_2.0",
                                "archive",
                                TriggeredVerdict.ALWAYSFAIL,
                                4,
                                4,
                                "smoke FAIL"),
                        new TriggeredResult(
                                "dd",
                                "0.3",
                                "amd64",
                                "liba_2.0",
                                "archive",
                                TriggeredVerdict.RUNNING,
                                null,
                                null,
                                null))));
        String log = "console/run-triggered-test_liba_2.0_bb_amd64.log";
        String reference = LanderConfiguration.get()
                .dataStore()
                .put("ticket.44", log, "autopkgtest bb\n".getBytes(StandardCharsets.UTF_8), DataStore.Visibility.PUBLIC)
                .toString();
        landing.addArchived(List.of(new Artifact(log, ArtifactType.LOGS, reference)));

        String page = get(r, b.getUrl() + "lander-44/", null).body();

        assertTrue(page.contains("2/3"), page);
        int regression = page.indexOf("<tr class=\"lander-regression\">");
        assertTrue(regression > 0, page);
        String row = page.substring(regression, page.indexOf("</tr>", regression));
        assertTrue(
                row.contains("bb")
                        && row.contains("REGRESSION")
                        && row.contains("(blocks publishing)")
                        && row.contains("4 (0)")
                        && row.contains("href=\"archive/" + log + "\""),
                row);
        assertEquals(
                2, page.split("<tr class=\"lander-triggered\">", -1).length - 1, "ALWAYSFAIL and RUNNING unmarked");
        assertTrue(!page.contains("archive/triggered/bb/junit.xml"), "no link to a file the page does not serve");
        assertEquals(200, get(r, b.getUrl() + "lander-44/archive/" + log, null).statusCode());
        assertTrue(
                get(r, b.getUrl(), null).body().contains("bb 1.0 amd64 REGRESSION"), "named in the run page's summary");
        assertEquals(
                List.of(true, false, false),
                landing.getTriggered().stream()
                        .map(LanderRunAction.TriggeredRow::isBlocking)
                        .toList());
    }

    /** An autopkgtest report.html must not run scripts on the Jenkins origin (stored XSS). */
    @Test
    void servesArchivedHtmlSandboxedAsCoreServesArchivedFiles(JenkinsRule r) throws Exception {
        FreeStyleBuild b = r.buildAndAssertSuccess(r.createFreeStyleProject("land"));
        LanderRunAction landing = LanderRunAction.of(b, "43");
        String html = "<html><script>fetch('/manage')</script></html>";
        String reference = LanderConfiguration.get()
                .dataStore()
                .put(
                        "ticket.43",
                        "hello/report.html",
                        html.getBytes(StandardCharsets.UTF_8),
                        DataStore.Visibility.PUBLIC)
                .toString();
        landing.addArchived(List.of(new Artifact("hello/report.html", ArtifactType.RESULTS, reference)));

        HttpResponse<String> file = get(r, b.getUrl() + "lander-43/archive/hello/report.html", null);

        assertEquals(200, file.statusCode());
        assertEquals(html, file.body());
        assertEquals(
                DirectoryBrowserSupport.DEFAULT_CSP_VALUE,
                file.headers().firstValue("Content-Security-Policy").orElse(null));
        assertTrue(DirectoryBrowserSupport.DEFAULT_CSP_VALUE.startsWith("sandbox"));
        assertEquals(
                "nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    /**
     * With the Swift store (the project's loopback Swift, scripts/setup-openstack): a public file
     * is linked where Swift serves it to anyone, a private one is read out of Swift by the page
     * and served to Jenkins readers only, with the protection core gives archived files.
     */
    @Tag("openstack")
    @Test
    void withSwiftPublicFilesAreLinkedToSwiftAndPrivateOnesServedByThePage(JenkinsRule r) throws Exception {
        Path openrc = Path.of("/var/lib/lander-openstack/openrc");
        assumeTrue(Files.isReadable(openrc), "the loopback OpenStack of scripts/setup-openstack");
        OpenStackSettings os = OpenStackSettings.fromOpenrc(openrc);
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(
                                CredentialsScope.GLOBAL, "openstack", "OpenStack", os.username(), os.password()));
        LanderConfiguration c = LanderConfiguration.get();
        c.setStore("swift");
        c.setOpenstackAuthUrl(os.authUrl().toString());
        c.setOpenstackProject(os.projectName());
        c.setOpenstackUserDomain(os.userDomainName());
        c.setOpenstackProjectDomain(os.projectDomainName());
        c.setOpenstackCredentialsId("openstack");
        FreeStyleBuild b = r.buildAndAssertSuccess(r.createFreeStyleProject("land"));
        String ticket = "swift" + System.nanoTime();
        LanderRunAction landing = LanderRunAction.of(b, ticket);
        DataStore store = c.dataStore();
        String container = landing.getContainer();
        try {
            String pub = store.put(container, "hello/build.log", "built\n".getBytes(StandardCharsets.UTF_8), DataStore.Visibility.PUBLIC)
                    .toString();
            String priv = store.put(container, "hello/private.log", "hush\n".getBytes(StandardCharsets.UTF_8), DataStore.Visibility.PRIVATE)
                    .toString();
            landing.addArchived(List.of(
                    new Artifact("hello/build.log", ArtifactType.LOGS, pub),
                    new Artifact("hello/private.log", ArtifactType.LOGS, priv)));

            String page = get(r, b.getUrl() + "lander-" + ticket + "/", null).body();
            assertTrue(page.contains("href=\"" + pub + "\""), "the public file where Swift serves it: " + page);
            assertEquals("built\n", HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(pub)).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            assertTrue(page.contains("href=\"archive/hello/private.log\""), "the private file through the page: " + page);
            HttpResponse<String> file = get(r, b.getUrl() + "lander-" + ticket + "/archive/hello/private.log", null);
            assertEquals(200, file.statusCode());
            assertEquals("hush\n", file.body());
            assertEquals(
                    DirectoryBrowserSupport.DEFAULT_CSP_VALUE,
                    file.headers().firstValue("Content-Security-Policy").orElse(null));
        } finally {
            store.deleteContainer(container);
        }
    }
}
