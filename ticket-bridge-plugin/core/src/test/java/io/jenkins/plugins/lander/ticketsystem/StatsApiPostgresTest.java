package io.jenkins.plugins.lander.ticketsystem;

class StatsApiPostgresTest extends StatsApiContract {
    StatsApiPostgresTest() {
        super(Backend.POSTGRES);
    }
}
