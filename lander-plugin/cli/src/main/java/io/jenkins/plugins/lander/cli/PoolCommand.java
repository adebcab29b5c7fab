package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import io.jenkins.plugins.lander.steps.ppa.PoolEntry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lander pool}: the PPA pool and who holds what. */
@Command(name = "pool", mixinStandardHelpOptions = true, description = "Show the PPA pool: each PPA's state (free, reserved, dirty, cleaning) and ticket.")
final class PoolCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Option(names = "--json", description = "Print as JSON: name, state, ticket_id.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // read as it stands, without waiting for the landings or the server that change it
        List<PoolEntry> entries = LocalLandingSteps.pool(DataDirectory.of(data.resolve()).backendConfig());
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(entries));
        } else {
            entries.forEach(e -> System.out.println(e.name() + " " + e.state().json()
                    + (e.ticketId() == null ? "" : " ticket " + e.ticketId())));
        }
        return LanderCli.COMPLETED;
    }
}
