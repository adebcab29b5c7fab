package io.jenkins.plugins.lander.notify;

import static io.jenkins.plugins.lander.notify.NotifyFixture.OWNER;
import static io.jenkins.plugins.lander.notify.NotifyFixture.inbox;
import static io.jenkins.plugins.lander.notify.NotifyFixture.messageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at the two boundaries of a send: a separate JVM ({@link OutboxCrashMain}) notifies a
 * failed ticket through the outbox to GreenMail in this JVM and is killed; a restarted process
 * catches up and is notified again, as the engine would be. What the SMTP server received decides.
 */
class OutboxCrashTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private String ticketId;
    private int run;

    @BeforeEach
    void failedTicket() {
        try (TicketDatabase db = TicketDatabase.h2(dir.resolve("db"))) {
            NotifyFixture f = new NotifyFixture(db);
            Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "tests failed");
            ticketId = t.getId();
        }
    }

    @Test
    void killedRightAfterTheSentMarkItSendsNothingAgain() throws Exception {
        killAt("marked", "MARKED");
        assertThat(inbox(SMTP, OWNER)).hasSize(1);

        assertThat(finish("catch-up")).contains("CAUGHT-UP CatchUp[decided=0, sent=0, superseded=0, failed=0]");
        finish("notify");

        assertThat(inbox(SMTP, OWNER)).as("no second mail").hasSize(1);
        assertThat(SMTP.getReceivedMessages()).as("one copy per recipient, once").hasSize(4);
    }

    @Test
    void killedBetweenTheServersAcceptAndTheSentMarkItResendsTheSameMessage() throws Exception {
        killAt("accepted", "ACCEPTED");
        assertThat(inbox(SMTP, OWNER)).hasSize(1);

        assertThat(finish("catch-up")).contains("CAUGHT-UP CatchUp[decided=0, sent=1, superseded=0, failed=0]");
        finish("notify");
        finish("catch-up");

        List<MimeMessage> copies = inbox(SMTP, OWNER);
        assertThat(copies).as("resent once, in the documented window").hasSize(2);
        assertThat(messageIds(SMTP)).as("the resend carries the same Message-ID").hasSize(1);
        assertThat(copies.get(1).getHeader("Date", null)).isEqualTo(copies.get(0).getHeader("Date", null));
        assertThat(copies.get(1).getContent()).isEqualTo(copies.get(0).getContent());
    }

    /** Runs a process that stops at {@code crashAt}, waits until it says {@code marker}, and kills it with SIGKILL. */
    private void killAt(String crashAt, String marker) throws Exception {
        Path out = dir.resolve("run-" + ++run + ".out");
        Process p = launch(out, "-Dlander.test.crashAt=" + crashAt, "notify");
        await().atMost(Duration.ofMinutes(1)).until(() -> read(out).lines().anyMatch(marker::equals) || !p.isAlive());
        assertThat(p.isAlive()).as("it stopped at %s: %s", crashAt, read(out)).isTrue();
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, as kill -9
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    /** Runs a process without a crash point to its end; returns its output. */
    private String finish(String what) throws Exception {
        Path out = dir.resolve("run-" + ++run + ".out");
        Process p = launch(out, "-Dlander.test.crashAt=", what);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(read(out)).isZero();
        return read(out);
    }

    private Process launch(Path out, String crashAt, String what) throws IOException {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), crashAt,
                OutboxCrashMain.class.getName(),
                dir.resolve("db").toString(), Integer.toString(SMTP.getSmtp().getPort()), ticketId, what));
        return new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
