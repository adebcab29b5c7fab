package io.jenkins.plugins.lander.ticketsystem;

class TicketApiHardeningPostgresTest extends TicketApiHardeningContract {
    TicketApiHardeningPostgresTest() {
        super(Backend.POSTGRES);
    }
}
