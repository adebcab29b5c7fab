package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TestDatabase;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import java.nio.file.Path;

/** The two databases every Ticket System test runs on ({@link TestDatabase}). */
enum Backend {
    H2(TestDatabase.H2),
    POSTGRES(TestDatabase.POSTGRES);

    private final TestDatabase database;

    Backend(TestDatabase database) {
        this.database = database;
    }

    /** An empty database for the next test. */
    void reset() {
        database.reset();
    }

    /** The ticket database of a server on this backend (not emptied: {@link #reset} does that). */
    TicketDatabase open(Path dataDir) {
        return this == POSTGRES ? TicketDatabase.connect(TestDatabase.URL, TestDatabase.USER, TestDatabase.PASSWORD)
                : TicketDatabase.h2(dataDir.resolve("db"));
    }
}
