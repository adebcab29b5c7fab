package io.jenkins.plugins.lander.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The mail of tickets landed in Jenkins: the controller's engine gets the configuration's mail
 * settings through the observers every face registers, so a failed ticket is mailed (here in
 * dry-run: the whole mail in the ticket's log, nothing sent) and an automatic one is not.
 * Real SMTP delivery is lander-core's NotificationsTest and SmtpTlsTest, through the same calls.
 */
@WithJenkins
class ControllerMailTest extends StubbedStepTest {

    @TestExtension
    public static final class Backend extends StubBackend {}

    private static void dryRun() {
        LanderConfiguration c = LanderConfiguration.get();
        c.setMailMode(NotifySettings.Mode.DRY_RUN);
        c.setMailFrom("Lander <lander@jenkins.test>");
        c.setMailAdmins("ops@jenkins.test");
    }

    /** Lands the ticket in a run whose withPpa body fails: the ticket is closed FAILED. */
    private static WorkflowRun failedLanding(JenkinsRule r, String name, String ticket) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("withPpa(ticket: '" + ticket + "') { error 'the body broke' }", true));
        WorkflowRun b = r.waitForCompletion(job.scheduleBuild2(0).waitForStart());
        r.assertBuildStatus(Result.FAILURE, b);
        return b;
    }

    /** Where the engine tells its observers what they did with the ticket. */
    private static String observersLog(String ticket) throws Exception {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            return Files.readString(lease.engine().ticketDir(ticket).resolve("logs").resolve("observers.log"));
        }
    }

    @Test
    void aFailedTicketIsMailedAsConfiguredToTheAdmins(JenkinsRule r) throws Exception {
        dryRun();
        String t = TestTickets.hello(uploads);

        failedLanding(r, "land", t);

        String log = observersLog(t);
        assertTrue(log.contains("[notify] dry-run: this mail is not sent:"), log);
        assertTrue(log.contains("Subject: [Ticket #" + t + "] hello 2.10-3: FAILED"), log);
        assertTrue(log.contains("X-Lander-Ticket: " + t), log);
        assertTrue(log.contains("X-Lander-State: FAILED"), log);
        assertTrue(log.contains("To: ops@jenkins.test"), log);
        assertTrue(log.contains("[notify] not mailing "), "neither the .dsc's uploader nor the owner 'tester' is an address: " + log);
    }

    @Test
    void anAutomaticTicketIsNotMailedUnlessConfigured(JenkinsRule r) throws Exception {
        dryRun();
        Ticket draft = TestTickets.draft(Overrides.NONE);
        draft.setAutomatic(true);
        String t = TestTickets.submit(draft, TestUploads.dsc(uploads, "hello", "2.10-3"));

        failedLanding(r, "sync", t);

        String log = observersLog(t);
        assertFalse(log.contains("dry-run: this mail is not sent"), log);
        assertTrue(log.contains("[notify] no mail for ticket " + t
                + " finished FAILED: automatic ticket (LANDER_NOTIFY_AUTOMATIC=no)"), log);
    }

    @Test
    void mailSettingsThatDoNotGoTogetherStopTheEngineNamingWhatIsMissing(JenkinsRule r) throws Exception {
        LanderConfiguration.get().setMailMode(NotifySettings.Mode.YES);

        IOException e = assertThrows(IOException.class, ControllerEngine::lease);

        assertEquals("Lander mail settings: LANDER_NOTIFY=yes needs LANDER_MAIL_FROM (the sender's address)", e.getMessage());
        assertFalse(Files.exists(Path.of(LanderConfiguration.get().getDataDir()).resolve("db")), "nothing was opened");
    }
}
