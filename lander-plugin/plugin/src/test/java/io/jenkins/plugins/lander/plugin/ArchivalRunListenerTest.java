package io.jenkins.plugins.lander.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import hudson.tasks.ArtifactArchiver;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ArchivalRunListenerTest {
    static final CompletableFuture<List<Artifact>> REPORTED = new CompletableFuture<>();

    /** Sees what the archival reports to the ticket; completing is the test's signal that it ran. */
    @TestExtension
    public static final class Reporter implements TicketReporter {
        @Override
        public void stepChanged(Run<?, ?> run, String ticketId, WorkflowStep step, TicketStatus status) {}

        @Override
        public void artifactsArchived(Run<?, ?> run, String ticketId, List<Artifact> artifacts) {
            REPORTED.complete(artifacts);
        }
    }

    @Test
    void theLogAndTheArtifactsGoToTheTicketsContainer(JenkinsRule r) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject("land");
        job.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws java.io.IOException, InterruptedException {
                LanderRunAction.of(build, "42");
                listener.getLogger().println("landing ticket 42");
                build.getWorkspace().child("out/summary").write("greets PASS\n", "UTF-8");
                return true;
            }
        });
        job.getPublishersList().add(new ArtifactArchiver("out/summary"));

        FreeStyleBuild b = r.buildAndAssertSuccess(job);
        List<Artifact> reported = REPORTED.get(60, TimeUnit.SECONDS);

        assertEquals(
                List.of("jenkins/land/1/console.log", "jenkins/land/1/artifacts/out/summary"),
                reported.stream().map(Artifact::name).toList());
        try (InputStream log = LanderConfiguration.get().dataStore().get("ticket.42", "jenkins/land/1/console.log")) {
            assertTrue(new String(log.readAllBytes(), StandardCharsets.UTF_8).contains("landing ticket 42"));
        }
        assertEquals(2, b.getAction(LanderRunAction.class).getArchived().size());
        assertTrue(b.getArtifactManager().root().child("out/summary").isFile(), "Jenkins keeps its own copy");
    }
}
