package io.jenkins.plugins.lander.notify;

import static io.jenkins.plugins.lander.notify.NotifyFixture.OWNER;
import static io.jenkins.plugins.lander.notify.NotifyFixture.context;
import static io.jenkins.plugins.lander.notify.NotifyFixture.inbox;
import static io.jenkins.plugins.lander.notify.NotifyFixture.messageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.jenkins.plugins.lander.notify.BuildFailure.State;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import jakarta.mail.internet.MimeMessage;
import io.jenkins.plugins.lander.repository.Sql;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notifications through a real SMTP server (GreenMail on loopback) over a real H2 ticket database. */
class NotificationsTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private TicketDatabase db;
    private NotifyFixture f;

    @BeforeEach
    void open() {
        db = TicketDatabase.h2(dir);
        f = new NotifyFixture(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Map<String, String> env() {
        return NotifyFixture.env(SMTP.getSmtp().getPort());
    }

    private Notifications notifications(Map<String, String> env) {
        return new Notifications(NotifySettings.fromEnvironment(env), db);
    }

    @Test
    void aFailedTicketIsMailedInTheSeedsLayout() throws Exception {
        Ticket t = f.ticket(OWNER, "hello 2.10-3", "libfoo 1.0-1");
        f.fail(t, WorkflowStep.IMAGE_TESTING, "hello_2.10-3: autopkgtest FAIL (exit 4)");
        NotificationContext ctx = context(t)
                .withTicketPage(URI.create("http://127.0.0.1:8080/tickets/" + t.getId()))
                .withRegressions(List.of(
                        new Regression("needs-hello", "3.0", "amd64", "REGRESSION", "http://logs.test/needs-hello.log"),
                        new Regression("other", "1.2-1", "amd64", "ALWAYSFAIL", null)));

        notifications(env()).ticketChanged(t, ctx, f.console);

        List<MimeMessage> got = inbox(SMTP, "jane@uploader.test");
        assertThat(got).hasSize(1);
        MimeMessage m = got.get(0);
        assertThat(m.getSubject()).isEqualTo("[Ticket #" + t.getId() + "] hello 2.10-3 and 1 more: FAILED");
        assertThat(m.getHeader("X-Lander-Ticket", null)).isEqualTo(t.getId());
        assertThat(m.getHeader("X-Lander-State", null)).isEqualTo("FAILED");
        assertThat(m.getHeader("X-Lander-Failed-Step", null)).isEqualTo("400");
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(m.getMessageID()).matches("<lander\\.[0-9a-f]{12}\\." + t.getId() + "\\.finished\\.failed@lander\\.test>");
        assertThat(m.getFrom()).extracting(Object::toString).containsExactly(NotifyFixture.FROM);
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body).contains(
                " * Ticket: " + t.getId() + " (Land hello)\n",
                " * Architecture: amd64\n",
                " * State: FAILED\n",
                " * Duration: 3 minutes 5 seconds\n",
                " * Failed Step: 400 Image Testing\n",
                " * Reason: hello_2.10-3: autopkgtest FAIL (exit 4)\n",
                " * Source Package: hello\n * Version: 2.10-3\n * State: FAILED\n * Uploaded by: Jane Doe <jane@uploader.test>\n",
                " * Source Package: libfoo\n * Version: 1.0-1\n",
                " * Source: file:///data/store/ticket-" + t.getId() + "/sources/hello_2.10-3_source.changes\n",
                " * hello_2.10-3/build.log: file:///data/store/ticket-" + t.getId() + "/hello_2.10-3/build.log\n",
                "Logs:\n * console/reserve.log: file:///data/store/ticket-" + t.getId() + "/console/reserve.log\n",
                "Regressions:\n"
                        + "  SOURCE       VERSION  ARCH   VERDICT     LOG\n"
                        + "  needs-hello  3.0      amd64  REGRESSION  http://logs.test/needs-hello.log\n"
                        + "  other        1.2-1    amd64  ALWAYSFAIL  -\n",
                "-- \n[Ticket #" + t.getId() + "] Land hello\nhttp://127.0.0.1:8080/tickets/" + t.getId());
        assertThat(body).as("the tarball is no log").doesNotContain("tar.xz");
        assertThat(f.console()).contains("[notify] sent " + m.getMessageID());
        assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=sent");
    }

    @Test
    void artifactLinksUseTheStoresHttpAddressWhenThereIsOne() throws Exception {
        Ticket t = f.ticket(OWNER, "hello 2.10-3");
        t.getArtifacts().add(new Artifact("console/a log ö.log", ArtifactType.LOGS, "file:///elsewhere"));
        f.fail(t, WorkflowStep.PACKAGE_BUILDING, "build FAILED");
        notifications(env()).ticketChanged(t, context(t).withStoreUrl(URI.create("http://lander.test:8080/store/")), f.console);

        String body = (String) inbox(SMTP, OWNER).get(0).getContent();
        assertThat(body).contains(" * hello_2.10-3/build.log: http://lander.test:8080/store/ticket." + t.getId()
                + "/hello_2.10-3/build.log", "/ticket." + t.getId() + "/console/a%20log%20%C3%B6.log");
    }

    @Test
    void mailsTheUploaderTheOwnerAndTheAdminsEachOnce() throws Exception {
        Ticket t = f.fail(f.ticket("Jane Doe <JANE@uploader.test>", "hello 2.10-3"), WorkflowStep.PACKAGE_BUILDING, "x");
        Map<String, String> env = env();
        env.put("LANDER_ADMINS", "jane@uploader.test, admins@admins.test");
        notifications(env).ticketChanged(t, context(t), f.console);

        MimeMessage m = inbox(SMTP, "jane@uploader.test").get(0);
        assertThat(m.getHeader("To", ",")).isEqualTo("Jane Doe <jane@uploader.test>");
        assertThat(m.getHeader("Cc", ",")).isEqualTo("admins@admins.test");
        assertThat(SMTP.getReceivedMessages()).as("one copy per distinct recipient").hasSize(2);
        assertThat(inbox(SMTP, "admins@admins.test")).hasSize(1);
    }

    @Test
    void anOwnerThatIsNoAddressIsNotMailedAndTheSignerStandsInForChangedBy() throws Exception {
        Ticket t = f.fail(f.ticket("jdoe", "hello 2.10-3"), WorkflowStep.PACKAGE_BUILDING, "x");
        NotificationContext ctx = NotificationContext.of(
                List.of(new Uploader("hello", "2.10-3", null, "Signer Person <signer@keys.test>")));

        notifications(env()).ticketChanged(t, ctx, f.console);

        assertThat(inbox(SMTP, "signer@keys.test")).hasSize(1);
        assertThat(inbox(SMTP, "admins@admins.test")).hasSize(1);
        assertThat(inbox(SMTP, "second@admins.test")).hasSize(1);
        assertThat(SMTP.getReceivedMessages()).hasSize(3);
        assertThat(f.console()).contains("[notify] not mailing ticket owner: 'jdoe' is not an e-mail address");
    }

    @Test
    void aChangedByListingSeveralAddressesOrInjectingHeadersMailsNoneOfThem() throws Exception {
        Ticket t = f.ticket("x@y.test\r\nBcc: victim@evil.test", "hello 2.10-3");
        t.setTitle("Land\r\nBcc: victim@evil.test");
        f.fail(t, WorkflowStep.PACKAGE_BUILDING, "x");
        NotificationContext ctx = NotificationContext.of(
                List.of(new Uploader("hello", "2.10-3", "a@one.test, b@two.test", null)));

        notifications(env()).ticketChanged(t, ctx, f.console);

        MimeMessage m = inbox(SMTP, "admins@admins.test").get(0);
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(SMTP.getReceivedMessages()).as("the two admins only").hasSize(2);
        assertThat(((String) m.getContent()).replace("\r\n", "\n"))
                .contains(" * Ticket: " + t.getId() + " (Land Bcc: victim@evil.test)\n");
        assertThat(f.console()).contains("must be exactly one address, not 2").contains("ticket owner");
    }

    @Test
    void aBuildThatFailedToUploadIsMailedWithItsUploadLog() throws Exception {
        Ticket t = f.ticket(OWNER, "cdrkit 1.0");
        SubTicket sub = t.getSubtickets().get(0);
        Notifications n = notifications(env());

        n.buildFailed(t, new BuildFailure(sub.getId(), "i386", State.FAILEDTOUPLOAD, "aptly refused the upload",
                "ANY OUTPUT\n"), context(t), f.console);

        MimeMessage m = inbox(SMTP, "jane@uploader.test").get(0);
        assertThat(m.getSubject()).isEqualTo("[Ticket #" + t.getId() + "] cdrkit 1.0: FAILEDTOUPLOAD");
        assertThat(m.getHeader("X-Lander-State", null)).isEqualTo("FAILEDTOUPLOAD");
        assertThat(m.getHeader("X-Lander-Failed-Step", null)).isEqualTo("200");
        assertThat(m.getMessageID()).endsWith("." + t.getId() + ".build-failed." + sub.getId() + ".failedtoupload@lander.test>");
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body).contains(" * Source Package: cdrkit\n", " * Version: 1.0\n", " * Architecture: i386\n",
                " * State: Failed to upload\n", " * Failed Step: 200 Package Building\n",
                " * Reason: aptly refused the upload\n", "\nUpload log:\nANY OUTPUT\n");

        // the ticket then fails at 200: its build-failure mail said it all
        f.fail(t, WorkflowStep.PACKAGE_BUILDING, "cdrkit_1.0: build FAILED");
        n.ticketChanged(t, context(t), f.console);
        assertThat(messageIds(SMTP)).hasSize(1);
        assertThat(f.outbox(t.getId())).containsExactly(
                "build-failed#" + sub.getId() + "/FAILEDTOUPLOAD=sent", "finished/FAILED=skipped");
    }

    @Test
    void aFailedToUploadNotificationWithoutItsUploadLogIsAnErrorNotAShorterMail() {
        Ticket t = f.ticket(OWNER, "cdrkit 1.0");
        int sub = t.getSubtickets().get(0).getId();
        assertThatThrownBy(() -> new BuildFailure(sub, "i386", State.FAILEDTOUPLOAD, "refused", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upload log is required for a FAILEDTOUPLOAD");
        assertThatThrownBy(() -> notifications(env()).buildFailed(t,
                new BuildFailure(9999, null, State.FAILEDTOBUILD, "x", null), context(t), f.console))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no subticket 9999");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.outbox(t.getId())).isEmpty();
    }

    @Test
    void aLongUploadLogIsCutToItsTail() {
        String log = "first line\n" + "x".repeat(MailLayout.MAX_UPLOAD_LOG) + "\nlast line\n";
        String tail = MailLayout.tail(log);
        assertThat(tail).startsWith("[the first ").endsWith("last line\n").doesNotContain("first line");
        assertThat(tail.length()).isLessThan(MailLayout.MAX_UPLOAD_LOG + 100);
    }

    @Test
    void eachSavedChangeOfAFinishedTicketMailsItOnce() {
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
        Notifications n = notifications(env());
        for (int i = 0; i < 3; i++) {
            n.ticketChanged(t, context(t), f.console);
        }
        assertThat(messageIds(SMTP)).hasSize(1);
    }

    @Test
    void runningTicketsAreNotMailed() {
        Ticket t = f.ticket(OWNER, "hello 2.10-3");
        notifications(env()).ticketChanged(t, context(t), f.console);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.outbox(t.getId())).isEmpty();
    }

    @Test
    void completedTicketsAreMailedOnlyWithNotifyOnAll() throws Exception {
        Ticket quiet = f.complete(f.ticket(OWNER, "hello 2.10-3"));
        notifications(env()).ticketChanged(quiet, context(quiet), f.console);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.outbox(quiet.getId())).containsExactly("finished/COMPLETED=skipped");

        Ticket told = f.complete(f.ticket(OWNER, "hello 2.10-4"));
        Map<String, String> env = env();
        env.put("LANDER_NOTIFY_ON", "all");
        notifications(env).ticketChanged(told, context(told), f.console);
        MimeMessage m = inbox(SMTP, OWNER).get(0);
        assertThat(m.getSubject()).isEqualTo("[Ticket #" + told.getId() + "] hello 2.10-4: COMPLETED");
        assertThat(m.getHeader("X-Lander-Failed-Step")).isNull();
    }

    @Test
    void dryRunWritesTheWholeMessageToTheConsoleAndSendsNothing() {
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "tests failed");
        Map<String, String> env = env();
        env.put("LANDER_NOTIFY", "dry-run");
        env.put("LANDER_SMTP_PASSWORD", "never-shown");
        notifications(env).ticketChanged(t, context(t), f.console);

        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.console()).contains(
                "[notify] dry-run: this mail is not sent:",
                "Message-ID: <lander.",
                "To: Jane Doe <jane@uploader.test>, owner@owner.test",
                "Cc: Build Admins <admins@admins.test>, second@admins.test",
                "Subject: [Ticket #" + t.getId() + "] hello 2.10-3: FAILED",
                "X-Lander-Ticket: " + t.getId(),
                "X-Lander-State: FAILED",
                "X-Lander-Failed-Step: 400",
                " * Reason: tests failed")
                .doesNotContain("never-shown");
        assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=skipped");

        // switching to yes later does not mail what the dry run decided
        Notifications.CatchUp c = notifications(env()).catchUp(f.lookup(), f.console);
        assertThat(c).isEqualTo(new Notifications.CatchUp(0, 0, 0, 0));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void noSendsNothingAndSaysNothing() {
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
        Map<String, String> env = env();
        env.put("LANDER_NOTIFY", "no");
        Notifications n = notifications(env);
        n.ticketChanged(t, context(t), f.console);
        n.buildFailed(t, new BuildFailure(t.getSubtickets().get(0).getId(), null, State.FAILEDTOBUILD, "x", null),
                context(t), f.console);
        n.catchUp(f.lookup(), f.console);

        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.console()).isEmpty();
    }

    @Test
    void automaticTicketsAreMailedOnlyWhenConfigured() throws Exception {
        Ticket flagged = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
        flagged.setAutomatic(true);
        // as the engine reads it back from the repository (the ticket.automatic column)
        Ticket stored = f.fail(f.repo.find(f.ticket(true, OWNER, "hello 2.10-4").getId()).orElseThrow(),
                WorkflowStep.IMAGE_TESTING, "x");
        assertThat(stored.isAutomatic()).isTrue();
        assertThat(f.repo.find(f.ticket(OWNER, "hello 2.10-9").getId()).orElseThrow().isAutomatic()).isFalse();
        Notifications n = notifications(env());
        n.ticketChanged(flagged, context(flagged), f.console);
        n.ticketChanged(stored, context(stored), f.console);
        n.buildFailed(stored, new BuildFailure(stored.getSubtickets().get(0).getId(), null, State.FAILEDTOBUILD, "x",
                null), context(stored), f.console);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.console()).contains("[notify] no mail for ticket " + flagged.getId()
                + " finished FAILED: automatic ticket (LANDER_NOTIFY_AUTOMATIC=no)");

        Ticket wanted = f.fail(f.ticket(OWNER, "hello 2.10-5"), WorkflowStep.IMAGE_TESTING, "x");
        wanted.setAutomatic(true);
        Map<String, String> env = env();
        env.put("LANDER_NOTIFY_AUTOMATIC", "yes");
        notifications(env).ticketChanged(wanted, context(wanted), f.console);
        assertThat(inbox(SMTP, OWNER)).extracting(MimeMessage::getSubject)
                .containsExactly("[Ticket #" + wanted.getId() + "] hello 2.10-5: FAILED");
    }

    @Test
    void afterDowntimeCatchUpSendsOneMailPerTicketForWhereItIsNow() throws Exception {
        Map<String, String> down = env();
        down.put("LANDER_SMTP_URL", "smtp://127.0.0.1:" + closedPort());
        down.put("LANDER_NOTIFY_ON", "all");
        Notifications offline = notifications(down);

        Ticket failed = f.fail(f.ticket(OWNER, "a 1"), WorkflowStep.IMAGE_TESTING, "x");
        offline.ticketChanged(failed, context(failed), f.console);
        offline.ticketChanged(failed, context(failed), f.console); // retried, still down

        Ticket overridden = f.ticket(OWNER, "b 1");
        offline.buildFailed(overridden, new BuildFailure(overridden.getSubtickets().get(0).getId(), null,
                State.FAILEDTOBUILD, "x", null), context(overridden), f.console);
        f.complete(overridden);
        offline.ticketChanged(overridden, context(overridden), f.console);

        Ticket flipped = f.fail(f.ticket(OWNER, "c 1"), WorkflowStep.IMAGE_TESTING, "x");
        offline.ticketChanged(flipped, context(flipped), f.console);
        f.complete(flipped);
        offline.ticketChanged(flipped, context(flipped), f.console);

        Ticket missed = f.fail(f.ticket(OWNER, "d 1"), WorkflowStep.IMAGE_TESTING, "saved, then the Lander died");

        assertThat(f.console()).contains("[notify] could not send <lander.", "(kept in the outbox for the next catch-up)");
        assertThat(SMTP.getReceivedMessages()).isEmpty();

        Map<String, String> up = env();
        up.put("LANDER_NOTIFY_ON", "all");
        Notifications.CatchUp c = notifications(up).catchUp(f.lookup(), f.console);

        assertThat(c).isEqualTo(new Notifications.CatchUp(1, 4, 2, 0));
        assertThat(inbox(SMTP, OWNER)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "[Ticket #" + failed.getId() + "] a 1: FAILED",
                "[Ticket #" + overridden.getId() + "] b 1: COMPLETED",
                "[Ticket #" + flipped.getId() + "] c 1: COMPLETED",
                "[Ticket #" + missed.getId() + "] d 1: FAILED");
        assertThat(f.outbox(overridden.getId())).containsExactly(
                "build-failed#" + overridden.getSubtickets().get(0).getId() + "/FAILEDTOBUILD=superseded",
                "finished/COMPLETED=sent");
        assertThat(f.outbox(flipped.getId())).containsExactly("finished/FAILED=superseded", "finished/COMPLETED=sent");

        assertThat(notifications(up).catchUp(f.lookup(), f.console)).isEqualTo(new Notifications.CatchUp(0, 0, 0, 0));
        assertThat(inbox(SMTP, OWNER)).hasSize(4);
    }

    @Test
    void aMailTheServerRefusesStaysPendingAndNamesNoPassword() {
        Map<String, String> env = env();
        env.put("LANDER_SMTP_USER", "lander");
        env.put("LANDER_SMTP_PASSWORD", "s3cret-pass");
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");

        notifications(env).ticketChanged(t, context(t), f.console);

        // GreenMail offers no STARTTLS, and credentials never travel in clear text
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(f.console()).contains("[notify] could not send", "STARTTLS").doesNotContain("s3cret-pass");
        String error = db.transaction(c -> io.jenkins.plugins.lander.repository.Sql.one(c,
                "SELECT last_error FROM notification WHERE ticket_id = ?", rs -> rs.getString(1),
                Long.parseLong(t.getId()))).orElseThrow();
        assertThat(error).contains("STARTTLS").doesNotContain("s3cret-pass");
        assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=pending");
    }

    @Test
    void messageIdsDifferBetweenDatabasesAndStayWithinOne(@TempDir Path other) throws Exception {
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
        notifications(env()).ticketChanged(t, context(t), f.console);
        String first = messageIds(SMTP).get(0);
        assertThat(new Outbox(db).token()).as("one token per database").isEqualTo(new Outbox(db).token());
        try (TicketDatabase second = TicketDatabase.h2(other)) {
            NotifyFixture g = new NotifyFixture(second);
            Ticket same = g.fail(g.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
            assertThat(same.getId()).isEqualTo(t.getId());
            new Notifications(NotifySettings.fromEnvironment(env()), second, null, Clock.systemUTC());
            assertThat(new Outbox(second).token()).isNotEqualTo(new Outbox(db).token());
        }
        assertThat(first).contains(new Outbox(db).token());
    }

    @Test
    void ticketsThatFinishedBeforeNotificationsExistedAreNotMailed(@TempDir Path old) {
        String url = "jdbc:h2:" + old.resolve("tickets") + ";DB_CLOSE_ON_EXIT=FALSE";
        Flyway.configure().dataSource(url, "sa", "").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            Sql.update(c, "INSERT INTO ticket (title, description, owner, series, binary_packages, overrides,"
                    + " current_workflow_step, status, created_at, updated_at)"
                    + " VALUES ('old', '', ?, 'bookworm', '[]', '{}', 999, 'FAILED', ?, ?)", OWNER, Sql.now(), Sql.now());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        try (TicketDatabase upgraded = TicketDatabase.h2(old)) {
            NotifyFixture g = new NotifyFixture(upgraded);
            assertThat(g.outbox("1")).containsExactly("finished/FAILED=skipped");
            Notifications.CatchUp c = new Notifications(NotifySettings.fromEnvironment(env()), upgraded)
                    .catchUp(g.lookup(), g.console);
            assertThat(c).isEqualTo(new Notifications.CatchUp(0, 0, 0, 0));
        }
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    /** A loopback port nothing listens on: the mail server is down. */
    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
