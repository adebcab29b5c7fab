package io.jenkins.plugins.lander.tickets;

class TicketApiPostgresTest extends TicketApiContract {
    TicketApiPostgresTest() {
        super(Backend.POSTGRES);
    }
}
