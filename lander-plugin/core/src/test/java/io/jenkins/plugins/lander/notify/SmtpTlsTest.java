package io.jenkins.plugins.lander.notify;

import static io.jenkins.plugins.lander.notify.NotifyFixture.OWNER;
import static io.jenkins.plugins.lander.notify.NotifyFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS, SMTPS and AUTH against a real TLS mail server (Debian's aiosmtpd in its own process;
 * GreenMail offers no STARTTLS), with a self-signed certificate trusted through LANDER_SMTP_CA.
 */
class SmtpTlsTest {
    @TempDir
    static Path certs;

    private static Path cert;
    private static Path otherHost;

    @TempDir
    Path dir;

    private TicketDatabase db;
    private NotifyFixture f;

    @BeforeAll
    static void certificate() throws Exception {
        Aiosmtpd.requireInstalled();
        cert = Aiosmtpd.certificate(certs.resolve("loopback"), "DNS:localhost,IP:127.0.0.1");
        otherHost = Aiosmtpd.certificate(certs.resolve("other"), "DNS:mail.other.test");
    }

    @BeforeEach
    void open() {
        db = TicketDatabase.h2(dir.resolve("db"));
        f = new NotifyFixture(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Fails a ticket and notifies it through {@code url} with these credentials, trusting {@code trust}. */
    private Ticket failAndNotify(String url, String password, Path trust) {
        Map<String, String> env = NotifyFixture.env(0);
        env.put("LANDER_SMTP_URL", url);
        env.put("LANDER_SMTP_USER", Aiosmtpd.USER);
        env.put("LANDER_SMTP_PASSWORD", password);
        if (trust != null) {
            env.put("LANDER_SMTP_CA", trust.toString());
        }
        Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "tests failed");
        new Notifications(NotifySettings.fromEnvironment(env), db).ticketChanged(t, context(t), f.console);
        return t;
    }

    private String lastError(Ticket t) {
        return db.transaction(c -> Sql.one(c, "SELECT last_error FROM notification WHERE ticket_id = ?",
                rs -> rs.getString(1), Long.parseLong(t.getId()))).orElseThrow();
    }

    @Test
    void startTlsThenAuthDeliversTheMail() throws Exception {
        try (Aiosmtpd server = Aiosmtpd.start(dir, "starttls", cert)) {
            Ticket t = failAndNotify("smtp://localhost:" + server.port(), Aiosmtpd.PASSWORD, cert);

            List<Aiosmtpd.Received> got = server.received();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).encrypted()).isTrue();
            assertThat(got.get(0).login()).isEqualTo(Aiosmtpd.USER);
            assertThat(got.get(0).recipients()).containsExactlyInAnyOrder(
                    "jane@uploader.test", OWNER, "admins@admins.test", "second@admins.test");
            assertThat(got.get(0).message()).contains("X-Lander-Ticket: " + t.getId(), "Message-ID: <lander.");
            assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=sent");
            assertThat(f.console()).doesNotContain(Aiosmtpd.PASSWORD);
        }
    }

    @Test
    void aWrongPasswordKeepsTheMailPendingAndIsNeverShown() throws Exception {
        try (Aiosmtpd server = Aiosmtpd.start(dir, "starttls", cert)) {
            String wrong = "wrong-Pass-42";
            Ticket t = failAndNotify("smtp://localhost:" + server.port(), wrong, cert);

            assertThat(server.received()).isEmpty();
            assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=pending");
            assertThat(f.console()).contains("[notify] could not send").doesNotContain(wrong);
            assertThat(lastError(t)).contains("535").doesNotContain(wrong);
        }
    }

    @Test
    void anUntrustedCertificateSendsNothing() throws Exception {
        try (Aiosmtpd server = Aiosmtpd.start(dir, "starttls", cert)) {
            Ticket t = failAndNotify("smtp://localhost:" + server.port(), Aiosmtpd.PASSWORD, null);

            assertThat(server.received()).isEmpty();
            assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=pending");
            assertThat(lastError(t)).containsIgnoringCase("certification path");
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostSendsNothing() throws Exception {
        try (Aiosmtpd server = Aiosmtpd.start(dir, "starttls", otherHost)) {
            Ticket t = failAndNotify("smtp://localhost:" + server.port(), Aiosmtpd.PASSWORD, otherHost);

            assertThat(server.received()).isEmpty();
            assertThat(lastError(t)).contains("localhost");
        }
    }

    @Test
    void smtpsDeliversTheMail() throws Exception {
        try (Aiosmtpd server = Aiosmtpd.start(dir, "smtps", cert)) {
            Ticket t = failAndNotify("smtps://127.0.0.1:" + server.port(), Aiosmtpd.PASSWORD, cert);

            List<Aiosmtpd.Received> got = server.received();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).encrypted()).isTrue();
            assertThat(got.get(0).login()).isEqualTo(Aiosmtpd.USER);
        }
    }
}
