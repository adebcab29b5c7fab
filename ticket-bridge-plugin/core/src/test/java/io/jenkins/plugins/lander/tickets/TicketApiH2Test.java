package io.jenkins.plugins.lander.tickets;

class TicketApiH2Test extends TicketApiContract {
    TicketApiH2Test() {
        super(Backend.H2);
    }
}
