package io.jenkins.plugins.lander.tickets;

class LandingQueueH2Test extends LandingQueueContract {
    LandingQueueH2Test() {
        super(Backend.H2);
    }
}
