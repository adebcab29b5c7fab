package io.jenkins.plugins.lander.repository;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The Ticket System's database: an embedded H2 file under the data directory by default, or
 * PostgreSQL; the same Flyway migrations create the same schema on both. {@link #transaction}
 * gives each request one transaction, so an error leaves nothing half written.
 */
public final class TicketDatabase implements AutoCloseable {
    private final HikariDataSource pool;

    private TicketDatabase(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(8);
        config.setPoolName("lander-tickets");
        // READ COMMITTED everywhere (H2's default differs); writers lock the rows they change
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        pool = new HikariDataSource(config);
        Flyway.configure().loggers("slf4j").dataSource(pool).load().migrate();
    }

    /**
     * The embedded default: {@code DIR/tickets.mv.db}. {@code WRITE_DELAY=0} writes each commit
     * to the file before the commit returns (H2 otherwise keeps up to a second of commits in
     * memory, and a killed server lost a queued ticket's state in the end-to-end test); it does
     * not fsync, so a power cut can still lose the last commits — PostgreSQL does not. The
     * {@code async:} file system keeps the database open when a thread that writes is interrupted
     * (a cancelled landing saves its final state on its interrupted thread; with plain file
     * channels H2 would close the whole database). {@code AUTO_SERVER} lets every Lander process
     * of the data directory ({@code lander land}, {@code lander serve}, {@code lander ticket
     * show}) use the one database at once: the first opens the file and serves the others on
     * loopback, and when it dies one of the others takes over ({@code AUTO_RECONNECT}). (H2
     * closes an auto-server database when the JVM exits; what a stopping Lander has not saved
     * by then its journal still has, for the next start.)
     */
    public static TicketDatabase h2(Path dir) {
        // Lander processes started together on a new directory would race to create the file,
        // to become its auto-server and to migrate it: one at a time opens it
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        try (FileChannel lock = FileChannel.open(dir.resolve("open.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            return new TicketDatabase("jdbc:h2:async:" + dir.toAbsolutePath().resolve("tickets")
                    + ";WRITE_DELAY=0;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE", "sa", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve("open.lock"), e);
        }
    }

    /** Any JDBC URL the drivers on the class path understand (H2 or PostgreSQL). */
    public static TicketDatabase connect(String url, String user, String password) {
        return new TicketDatabase(url, user, password);
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work and commits, or rolls everything back when it throws. A transaction the
     * database refused because the Lander process serving it was exiting (H2's auto-server
     * closes the file on its way out, and the next process takes over) is run again on a fresh
     * connection: the refused statement did nothing and the transaction's earlier ones were
     * never committed.
     */
    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = connection();
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException e) {
                if (servingProcessExited(e) && attempt < HANDOVER_ATTEMPTS) {
                    pool.evictConnection(c);
                    continue;
                }
                throw new TicketDatabaseException(rollBack(c, e));
            } catch (RuntimeException e) {
                rollBack(c, e);
                throw e;
            }
            giveBack(c);
            return result;
        }
    }

    /** After the commit: a failure to return the connection must not make the caller run the work again. */
    private void giveBack(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            pool.evictConnection(c);
        }
    }

    private static final int HANDOVER_ATTEMPTS = 5;

    /** H2's DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int DATABASE_CLOSED_AT_EXIT = 90121;

    private static boolean servingProcessExited(SQLException e) {
        return e.getErrorCode() == DATABASE_CLOSED_AT_EXIT;
    }

    private Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new TicketDatabaseException(e);
        }
    }

    /** Rolls back and returns the connection to the pool; the failure that caused it stays the one reported. */
    private static <E extends Exception> E rollBack(Connection c, E cause) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        return cause;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A database failure that is not the client's fault: a 500. */
    public static final class TicketDatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TicketDatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
