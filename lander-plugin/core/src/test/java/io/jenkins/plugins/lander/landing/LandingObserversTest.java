package io.jenkins.plugins.lander.landing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.StatsRepository;
import io.jenkins.plugins.lander.stats.Step;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's observers on real landings (RecordingSteps for the tools): the stats come from
 * the journal, the mail reaches a real SMTP server (GreenMail on loopback), and an observer that
 * fails leaves the landing's verdict alone.
 */
class LandingObserversTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private EngineFixture f;
    private StatsRepository stats;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
        stats = new StatsRepository(f.db);
        Map<String, String> env = Map.of(
                "LANDER_NOTIFY", "yes",
                "LANDER_NOTIFY_ON", "all",
                "LANDER_SMTP_URL", "smtp://127.0.0.1:" + SMTP.getSmtp().getPort(),
                "LANDER_MAIL_FROM", "Lander <lander@lander.test>",
                "LANDER_ADMINS", "admins@admins.test");
        // as every face wires its engine
        EngineObservers.register(f.engine, f.db, NotifySettings.fromEnvironment(env),
                URI.create("http://lander.test/store/"), URI.create("http://lander.test/tickets/"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aLandingsStatsHoldEveryStepItRanWithItsDuration() throws Exception {
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha", "beta"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.COMPLETED);
        LandingStats s = stats.find(Long.parseLong(t.getId())).orElseThrow();
        assertThat(s.stepTotals()).containsOnlyKeys(Step.ALLOCATE, Step.BUILD, Step.IMAGE, Step.TEST, Step.PUBLISH, Step.RELEASE);
        assertThat(s.steps()).filteredOn(st -> st.step() == Step.BUILD).extracting(LandingStats.StepTime::source)
                .containsExactlyInAnyOrder("alpha", "beta");
        assertThat(s.steps()).allSatisfy(st -> assertThat(st.duration()).isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(s.verdictCounts()).containsEntry("PASS", 2);
        assertThat(s.queueWait()).isNotNull();
    }

    @Test
    void aBuildFailureIsMailedOnceAndTellsTheTicketsEnd() throws Exception {
        f.steps.failBuildOf.add("beta");
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha", "beta"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        MimeMessage mail = only(SMTP.getReceivedMessages());
        assertThat(mail.getSubject()).isEqualTo("[Ticket #" + t.getId() + "] beta 1.0: FAILEDTOBUILD");
        assertThat(mail.getHeader("X-Lander-Ticket", null)).isEqualTo(t.getId());
        assertThat(mail.getHeader("X-Lander-Failed-Step", null)).isEqualTo("200");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("admins@admins.test");

        // a second Lander process starting on the directory has nothing left to catch up with
        try (LoggedConsole console = new LoggedConsole(dir.resolve("starting.log"), line -> {})) {
            f.engine.starting(console);
        }
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aBuildThatFailedToUploadIsMailedWithItsUploadLog() throws Exception {
        f.steps.failUploadOf.put("beta", "Rejected: beta_1.0_amd64.deb already exists with different contents\n");
        Ticket t = f.land(f.submit(Overrides.NONE, "beta"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        MimeMessage mail = only(SMTP.getReceivedMessages());
        assertThat(mail.getSubject()).isEqualTo("[Ticket #" + t.getId() + "] beta 1.0: FAILEDTOUPLOAD");
        assertThat(mail.getContent().toString()).contains("Upload log:", "already exists with different contents");
    }

    @Test
    void aFailedTestIsMailedWhenTheTicketEnds() throws Exception {
        f.steps.failTestOf.add("alpha");
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        MimeMessage mail = only(SMTP.getReceivedMessages());
        assertThat(mail.getSubject()).startsWith("[Ticket #" + t.getId() + "] alpha 1.0: FAILED");
        assertThat(mail.getHeader("X-Lander-Failed-Step", null)).isEqualTo("400");
        assertThat(mail.getContent().toString()).contains("http://lander.test/tickets/" + t.getId());
    }

    /** Britney's table in the mail: every triggered test with its verdict and a link to its log. */
    @Test
    void aRegressionIsMailedWithTheRegressionTable() throws Exception {
        f.steps.indexes.add(RecordingSteps.archiveOf("alpha", "bb", "cc", "dd"));
        f.steps.triggeredExit.put("bb", new int[] {4, 0});
        f.steps.triggeredExit.put("cc", new int[] {4, 4});
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        MimeMessage mail = only(SMTP.getReceivedMessages());
        assertThat(mail.getHeader("X-Lander-Failed-Step", null)).isEqualTo("400");
        String body = mail.getContent().toString().replace("\r\n", "\n");
        assertThat(body).contains("Reason: triggered tests regressed: bb/1.0 (amd64) REGRESSION");
        String table = body.substring(body.indexOf("\nRegressions:\n"));
        String logs = "http://lander.test/store/" + t.container() + "/console/run-triggered-test_alpha_1.0_";
        assertThat(table.lines().skip(2).limit(4).map(l -> l.strip().split(" +")).map(cells -> String.join(" ", cells)))
                .containsExactly(
                        "SOURCE VERSION ARCH VERDICT LOG",
                        "bb 1.0 amd64 REGRESSION " + logs + "bb_amd64.log",
                        "cc 1.0 amd64 ALWAYSFAIL " + logs + "cc_amd64.log",
                        "dd 1.0 amd64 PASS " + logs + "dd_amd64.log");
    }

    /** autopkgtest names a report about the whole package '*' ("* BROKEN …"): the stats still keep the landing. */
    @Test
    void aTestAutopkgtestNamesStarKeepsTheLandingsStats() throws Exception {
        f.steps.brokenControlOf.add("alpha");
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha"));

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        LandingStats s = stats.find(Long.parseLong(t.getId())).orElseThrow();
        assertThat(s.tests()).extracting(LandingStats.TestTime::name, LandingStats.TestTime::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("whole-package", "ERROR"));
        assertThat(Files.readString(f.engine.ticketDir(t.getId()).resolve("logs/observers.log"))).as("the observers' log")
                .doesNotContain("tests.name").doesNotContain("Exception");
        assertThat(t.getSubtickets().get(0).getTests()).extracting(Verdict::test).containsExactly("*");
    }

    @Test
    void anObserverThatFailsIsLoggedAndTheLandingStillCompletes() throws Exception {
        f.engine.observe(new LandingObserver() {
            @Override
            public void ended(LandingSession session, LandingStats s, StepConsole console) {
                throw new IllegalStateException("observer broke");
            }
        });
        Ticket t = f.land(f.submit(Overrides.NONE, "alpha"));

        assertThat(f.stored(t.getId()).getStatus()).isEqualTo(TicketStatus.COMPLETED);
        assertThat(stats.find(Long.parseLong(t.getId()))).isPresent();
        assertThat(Files.readString(f.engine.ticketDir(t.getId()).resolve("logs/observers.log")))
                .contains("observer broke");
    }

    private static MimeMessage only(MimeMessage[] received) {
        assertThat(received).hasSize(1);
        return received[0];
    }
}
