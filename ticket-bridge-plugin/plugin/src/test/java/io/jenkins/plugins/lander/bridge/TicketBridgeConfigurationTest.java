package io.jenkins.plugins.lander.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class TicketBridgeConfigurationTest {

    @Test
    void theFormRoundTripKeepsEverySetting(JenkinsRule r) throws Exception {
        TicketBridgeConfiguration c = TicketBridgeConfiguration.get();
        c.setTicketSystemUrl("http://tickets.example:8000/");
        c.setCredentialsId("tickets");
        c.setJobName("landings/lander");
        c.setLandingSlots(2);

        r.configRoundtrip();

        for (TicketBridgeConfiguration saved : new TicketBridgeConfiguration[] {c, new TicketBridgeConfiguration()}) {
            assertEquals("http://tickets.example:8000", saved.getTicketSystemUrl());
            assertEquals("tickets", saved.getCredentialsId());
            assertEquals("landings/lander", saved.getJobName());
            assertEquals(2, saved.getLandingSlots());
        }
    }

    @Test
    void badSettingsAreRefused(JenkinsRule r) {
        TicketBridgeConfiguration c = TicketBridgeConfiguration.get();

        assertThrows(IllegalArgumentException.class, () -> c.setTicketSystemUrl("tickets.example"));
        assertThrows(IllegalArgumentException.class, () -> c.setLandingSlots(0));
        assertThrows(IllegalArgumentException.class, () -> c.setJobName(" "));
        assertEquals(1, c.getLandingSlots());
        assertEquals("lander", c.getJobName());
    }
}
