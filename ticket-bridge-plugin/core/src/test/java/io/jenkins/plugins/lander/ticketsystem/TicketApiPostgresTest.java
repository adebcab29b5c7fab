package io.jenkins.plugins.lander.ticketsystem;

class TicketApiPostgresTest extends TicketApiContract {
    TicketApiPostgresTest() {
        super(Backend.POSTGRES);
    }
}
