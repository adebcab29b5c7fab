package io.jenkins.plugins.lander.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jvnet.hudson.test.JenkinsRule;

/** Starts the loopback Ticket System and the {@link BridgeFixture} for each test, and stops it. */
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
}
