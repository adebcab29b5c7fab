package io.jenkins.plugins.lander.tickets;

class DocExamplesH2Test extends DocExamplesContract {
    DocExamplesH2Test() {
        super(Backend.H2);
    }
}
