package io.jenkins.plugins.lander.tickets;

class LandingQueuePostgresTest extends LandingQueueContract {
    LandingQueuePostgresTest() {
        super(Backend.POSTGRES);
    }
}
