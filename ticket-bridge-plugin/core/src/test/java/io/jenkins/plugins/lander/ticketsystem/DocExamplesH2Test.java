package io.jenkins.plugins.lander.ticketsystem;

class DocExamplesH2Test extends DocExamplesContract {
    DocExamplesH2Test() {
        super(Backend.H2);
    }
}
