package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lander archive list}: what landings have published. */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "The archive landings publish to.",
        subcommands = {ArchiveCommand.ListPackages.class})
final class ArchiveCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the packages in the archive.")
    static final class ListPackages implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Option(names = "--json", description = "Print as JSON: name, version, architecture.")
        boolean json;

        @Option(names = "--series", paramLabel = "NAME", defaultValue = "bookworm", description = "Series (default: ${DEFAULT-VALUE}).")
        String series;

        @Override
        public Integer call() throws Exception {
            // read from the published indexes: never waits for a landing that is publishing
            var packages = LocalLandingSteps.archive(DataDirectory.of(data.resolve()).backendConfig(), series);
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(packages));
            } else {
                packages.forEach(p -> System.out.println(p.name() + " " + p.version() + " " + p.architecture()));
            }
            return LanderCli.COMPLETED;
        }
    }
}
