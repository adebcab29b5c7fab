package io.jenkins.plugins.lander.notify;

import static io.jenkins.plugins.lander.notify.NotifyFixture.OWNER;
import static io.jenkins.plugins.lander.notify.NotifyFixture.context;
import static io.jenkins.plugins.lander.notify.NotifyFixture.inbox;
import static io.jenkins.plugins.lander.notify.NotifyFixture.messageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox's SQL on both databases the Lander runs on: H2 and PostgreSQL (the server
 * scripts/setup-postgres starts, in a schema of its own; skipped when unreachable unless
 * {@code LANDER_REQUIRE_POSTGRES=1}).
 */
class OutboxDatabaseTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    enum Database {
        H2,
        POSTGRES;

        private static final String URL = System.getenv().getOrDefault("LANDER_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/lander_test");
        private static final String USER = System.getenv().getOrDefault("LANDER_TEST_POSTGRES_USER", "lander_test");
        private static final String PASSWORD = System.getenv().getOrDefault("LANDER_TEST_POSTGRES_PASSWORD", "lander_test");
        private static final String SCHEMA = "notify_test";

        /** An empty database: an H2 file under {@code dir}, or a fresh PostgreSQL schema. */
        TicketDatabase open(Path dir) {
            if (this == H2) {
                return TicketDatabase.h2(dir);
            }
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                s.execute("CREATE SCHEMA " + SCHEMA);
            } catch (SQLException e) {
                String why = "PostgreSQL at " + URL + " is not usable (" + e.getMessage() + "); run scripts/setup-postgres";
                if ("1".equals(System.getenv("LANDER_REQUIRE_POSTGRES"))) {
                    throw new IllegalStateException(why, e);
                }
                Assumptions.abort(why);
            }
            return TicketDatabase.connect(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA, USER, PASSWORD);
        }

        /** Sessions waiting for a row lock another holds. */
        long waitingForLocks(TicketDatabase db) {
            return db.transaction(c -> Sql.count(c, this == H2
                    ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL"
                    : "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"));
        }
    }

    private Map<String, String> env() {
        return NotifyFixture.env(SMTP.getSmtp().getPort());
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aDecisionIsTakenOnceAndCatchUpSupersedesOnBothDatabases(Database database) throws Exception {
        try (TicketDatabase db = database.open(dir)) {
            NotifyFixture f = new NotifyFixture(db);
            Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
            Outbox outbox = new Outbox(db);
            NotificationKey key = NotificationKey.finished(t);
            assertThat(outbox.add(key, Outbox.SKIPPED, "first", null, null)).isTrue();
            assertThat(outbox.add(key, Outbox.PENDING, null, "<x@y>", "x")).as("the first decision stands").isFalse();
            assertThat(f.outbox(t.getId())).containsExactly("finished/FAILED=skipped");

            // a build failure that could not be mailed, then the ticket failed for it: one mail, the build
            // failure's (the failed ticket says nothing it does not)
            Ticket flipped = f.ticket(OWNER, "c 1");
            Map<String, String> all = env();
            all.put("LANDER_NOTIFY_ON", "all");
            Notifications offline = new Notifications(NotifySettings.fromEnvironment(all), db,
                    message -> {
                        throw new jakarta.mail.MessagingException("the server is down");
                    }, Clock.systemUTC());
            offline.buildFailed(flipped, new BuildFailure(flipped.getSubtickets().get(0).getId(), "amd64",
                    BuildFailure.State.FAILEDTOBUILD, "x", null), context(flipped), f.console);
            f.fail(flipped, WorkflowStep.PACKAGE_BUILDING, "c_1: build FAILED");
            Ticket missed = f.fail(f.ticket(OWNER, "d 1"), WorkflowStep.IMAGE_TESTING, "x");

            Notifications.CatchUp c = new Notifications(NotifySettings.fromEnvironment(all), db).catchUp(f.lookup(), f.console);

            assertThat(c).isEqualTo(new Notifications.CatchUp(2, 2, 0, 0));
            assertThat(inbox(SMTP, OWNER)).extracting(m -> m.getSubject()).containsExactlyInAnyOrder(
                    "[Ticket #" + flipped.getId() + "] c 1: FAILEDTOBUILD", "[Ticket #" + missed.getId() + "] d 1: FAILED");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void twoDeliverersOfOneMailSendItOnce(Database database) throws Exception {
        try (TicketDatabase db = database.open(dir)) {
            NotifyFixture f = new NotifyFixture(db);
            Ticket t = f.fail(f.ticket(OWNER, "hello 2.10-3"), WorkflowStep.IMAGE_TESTING, "x");
            NotifySettings settings = NotifySettings.fromEnvironment(env());
            SmtpTransport smtp = new SmtpTransport(settings.smtp(), settings.from().getAddress());
            CountDownLatch release = new CountDownLatch(1);
            MailTransport slow = message -> {
                List<String> refused = smtp.send(message);
                try {
                    release.await(1, TimeUnit.MINUTES); // holds the row lock, as a slow server would
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return refused;
            };
            Notifications first = new Notifications(settings, db, slow, Clock.systemUTC());
            Notifications second = new Notifications(settings, db);

            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> first.ticketChanged(t, context(t), f.console));
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(SMTP, OWNER).size() == 1);
            CompletableFuture<Notifications.CatchUp> two = CompletableFuture.supplyAsync(() -> second.catchUp(f.lookup(), f.console));
            await().atMost(Duration.ofSeconds(30)).until(() -> database.waitingForLocks(db) > 0);
            release.countDown();
            one.get(1, TimeUnit.MINUTES);

            assertThat(two.get(1, TimeUnit.MINUTES)).isEqualTo(new Notifications.CatchUp(0, 0, 0, 0));
            assertThat(messageIds(SMTP)).hasSize(1);
            assertThat(inbox(SMTP, OWNER)).hasSize(1);
        }
    }
}
