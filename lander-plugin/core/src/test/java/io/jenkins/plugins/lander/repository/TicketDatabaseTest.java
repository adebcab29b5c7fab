package io.jenkins.plugins.lander.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions of the embedded database when the Lander process serving it exits. */
class TicketDatabaseTest {
    @TempDir
    Path dir;

    /** H2's error when the auto-server process closed the database on its way out. */
    private static SQLException closedAtExit() {
        return new SQLException("Database is already closed", "90121", 90121);
    }

    @Test
    void aTransactionRefusedByAnExitingServerIsRunAgainAndCommittedOnce() {
        AtomicInteger runs = new AtomicInteger();
        try (TicketDatabase db = TicketDatabase.h2(dir)) {
            createTable(db);
            db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO handover VALUES (1)");
                }
                if (runs.incrementAndGet() == 1) {
                    throw closedAtExit();
                }
                return null;
            });
            assertThat(runs).hasValue(2);
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void otherFailuresRollBackAndAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        try (TicketDatabase db = TicketDatabase.h2(dir)) {
            createTable(db);
            assertThatThrownBy(() -> db.transaction(c -> {
                runs.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO handover VALUES (1)");
                    s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
                return null;
            })).isInstanceOf(TicketDatabase.TicketDatabaseException.class);
            assertThat(runs).hasValue(1);
            assertThat(count(db)).isZero();
        }
    }

    @Test
    void aServerThatKeepsRefusingFailsAfterAFewAttempts() {
        AtomicInteger runs = new AtomicInteger();
        try (TicketDatabase db = TicketDatabase.h2(dir)) {
            assertThatThrownBy(() -> db.transaction(c -> {
                runs.incrementAndGet();
                throw closedAtExit();
            })).isInstanceOf(TicketDatabase.TicketDatabaseException.class).hasMessageContaining("already closed");
            assertThat(runs.get()).isBetween(2, 10);
        }
    }

    private static void createTable(TicketDatabase db) {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE handover (n INT)");
            }
            return null;
        });
    }

    private static int count(TicketDatabase db) {
        return db.transaction(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM handover")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
