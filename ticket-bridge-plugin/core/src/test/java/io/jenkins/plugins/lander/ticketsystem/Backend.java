package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.repository.TestDatabase;

/** The two databases every Ticket System test runs on ({@link TestDatabase}), as server configuration. */
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

    TicketServerConfig configure(TicketServerConfig config) {
        return this == POSTGRES ? config.database(TestDatabase.URL, TestDatabase.USER, TestDatabase.PASSWORD) : config;
    }
}
