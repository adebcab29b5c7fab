package io.jenkins.plugins.lander.ticketsystem;

class LandingQueuePostgresTest extends LandingQueueContract {
    LandingQueuePostgresTest() {
        super(Backend.POSTGRES);
    }
}
