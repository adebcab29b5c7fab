package io.jenkins.plugins.lander.ticketsystem;

class DocExamplesPostgresTest extends DocExamplesContract {
    DocExamplesPostgresTest() {
        super(Backend.POSTGRES);
    }
}
