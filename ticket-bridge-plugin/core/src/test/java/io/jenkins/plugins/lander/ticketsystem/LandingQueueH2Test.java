package io.jenkins.plugins.lander.ticketsystem;

class LandingQueueH2Test extends LandingQueueContract {
    LandingQueueH2Test() {
        super(Backend.H2);
    }
}
