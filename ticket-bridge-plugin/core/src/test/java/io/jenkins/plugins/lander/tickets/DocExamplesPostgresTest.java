package io.jenkins.plugins.lander.tickets;

class DocExamplesPostgresTest extends DocExamplesContract {
    DocExamplesPostgresTest() {
        super(Backend.POSTGRES);
    }
}
