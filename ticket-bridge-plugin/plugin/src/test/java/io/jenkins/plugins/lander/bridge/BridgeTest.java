package io.jenkins.plugins.lander.bridge;

import io.jenkins.plugins.lander.pipeline.ControllerEngine;
import io.jenkins.plugins.lander.ticket.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Starts the loopback Ticket System and the {@link BridgeFixture} for each test, and stops it.
 * Each subclass registers an {@link IntakeBackend} as its @TestExtension.
 */
abstract class BridgeTest {
    FakeTicketSystem tickets;
    BridgeFixture bridge;

    /** The master pipeline's script in this test class. */
    abstract String script();

    @BeforeEach
    void start(JenkinsRule r) throws Exception {
        tickets = new FakeTicketSystem();
        bridge = new BridgeFixture(r, script(), tickets);
    }

    @AfterEach
    void stop() {
        tickets.close();
    }

    /** Ticket {@code id} of the Ticket System: hello 2.10-3, uploaded to its data store. */
    void ticketSystemHas(String id) throws Exception {
        tickets.ticket(id, "{\"id\": " + id + ", \"title\": \"from the Ticket System\", \"series\": \"bookworm\","
                + " \"binary_packages\": [\"hello\"], \"overrides\": {\"skip_tests\": true},"
                + " \"subtickets\": [" + tickets.upload(id, "hello", "2.10-3") + "]}");
    }

    /** The controller engine's ticket. */
    static Ticket landerTicket(String id) throws Exception {
        try (ControllerEngine.Lease lease = ControllerEngine.lease()) {
            return lease.engine().tickets().find(id).orElseThrow();
        }
    }
}
