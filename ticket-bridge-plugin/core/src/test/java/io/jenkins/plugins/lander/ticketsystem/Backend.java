package io.jenkins.plugins.lander.ticketsystem;

import static org.junit.jupiter.api.Assertions.fail;

import io.jenkins.plugins.lander.repository.TicketDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The two databases every Ticket System test runs on. PostgreSQL is the server that
 * {@code scripts/setup-postgres} starts; its tests are skipped (reported, not passed) when it is
 * unreachable, and fail instead when {@code LANDER_REQUIRE_POSTGRES=1}.
 */
enum Backend {
    H2,
    POSTGRES;

    static final String URL = env("LANDER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/lander_test");
    static final String USER = env("LANDER_TEST_POSTGRES_USER", "lander_test");
    static final String PASSWORD = env("LANDER_TEST_POSTGRES_PASSWORD", "lander_test");

    /** An empty database for the next test. */
    void reset() {
        if (this != POSTGRES) {
            return; // each H2 test has its own data directory
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " is not usable (" + e.getMessage() + "); run scripts/setup-postgres";
            if ("1".equals(System.getenv("LANDER_REQUIRE_POSTGRES"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    /** The ticket database of a server on this backend. */
    TicketDatabase open(java.nio.file.Path dataDir) {
        return this == POSTGRES ? TicketDatabase.connect(URL, USER, PASSWORD) : TicketDatabase.h2(dataDir.resolve("db"));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
