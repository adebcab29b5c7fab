package io.jenkins.plugins.lander.ticketsystem;

class TicketApiH2Test extends TicketApiContract {
    TicketApiH2Test() {
        super(Backend.H2);
    }
}
