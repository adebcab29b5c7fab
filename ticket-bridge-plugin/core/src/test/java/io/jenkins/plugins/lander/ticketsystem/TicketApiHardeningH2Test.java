package io.jenkins.plugins.lander.ticketsystem;

class TicketApiHardeningH2Test extends TicketApiHardeningContract {
    TicketApiHardeningH2Test() {
        super(Backend.H2);
    }
}
