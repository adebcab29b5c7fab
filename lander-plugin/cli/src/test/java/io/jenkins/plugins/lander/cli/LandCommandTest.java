package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The ticket {@code lander land} makes of its options, before anything lands (no Debian tool
 * runs): what the intake then stores and the engine reads.
 */
class LandCommandTest {
    @TempDir
    Path dir;

    private Ticket draftOf(String... args) throws Exception {
        LandCommand land = new LandCommand();
        new CommandLine(land).parseArgs(args);
        return land.draft(LandCommand.readUploads(land.sources));
    }

    @Test
    void automaticMarksTheTicketAsAMachinesAndShowsInItsJson() throws Exception {
        String dsc = ExamplePackages.dsc("pass", "1.0", dir).toString();

        Ticket sync = draftOf("--automatic", dsc);
        Ticket person = draftOf(dsc);

        assertThat(sync.isAutomatic()).isTrue();
        assertThat(person.isAutomatic()).isFalse();
        // what lander land --json and lander ticket show --json print
        assertThat(Json.MAPPER.valueToTree(sync).path("automatic").asBoolean()).isTrue();
        assertThat(Json.MAPPER.valueToTree(person).path("automatic").isBoolean()).isTrue();
        assertThat(Json.MAPPER.valueToTree(person).path("automatic").asBoolean()).isFalse();
    }
}
