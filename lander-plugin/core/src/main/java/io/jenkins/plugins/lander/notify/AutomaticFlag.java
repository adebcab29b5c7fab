package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.repository.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code ticket.automatic} column (migration V3): set for tickets a machine created (a sync),
 * which get no mail unless configured. Static so that a repository can read and write it inside
 * its own transaction.
 */
public final class AutomaticFlag {
    private AutomaticFlag() {}

    public static void write(Connection c, long ticketId, boolean automatic) throws SQLException {
        if (Sql.update(c, "UPDATE ticket SET automatic = ? WHERE id = ?", automatic, ticketId) != 1) {
            throw new SQLException("no ticket " + ticketId);
        }
    }

    public static boolean read(Connection c, long ticketId) throws SQLException {
        return Sql.one(c, "SELECT automatic FROM ticket WHERE id = ?", rs -> rs.getBoolean(1), ticketId).orElse(false);
    }
}
