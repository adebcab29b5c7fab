package io.jenkins.plugins.lander.ticketsystem;

class StatsApiH2Test extends StatsApiContract {
    StatsApiH2Test() {
        super(Backend.H2);
    }
}
