package io.jenkins.plugins.lander.repository;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The two databases every test of the ticket database runs on. PostgreSQL is the server that
 * {@code scripts/setup-postgres} starts; its tests are skipped (reported, not passed) when it is
 * unreachable, and fail instead when {@code LANDER_REQUIRE_POSTGRES=1}.
 */
public enum TestDatabase {
    H2,
    POSTGRES;

    public static final String URL = env("LANDER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/lander_test");
    public static final String USER = env("LANDER_TEST_POSTGRES_USER", "lander_test");
    public static final String PASSWORD = env("LANDER_TEST_POSTGRES_PASSWORD", "lander_test");

    /** Empties the database for the next test (each H2 test has its own directory, so only PostgreSQL). */
    public void reset() {
        if (this != POSTGRES) {
            return;
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

    /** A freshly migrated, empty database; H2's lives under {@code dir}. */
    public TicketDatabase open(Path dir) {
        reset();
        return this == H2 ? TicketDatabase.h2(dir) : TicketDatabase.connect(URL, USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
