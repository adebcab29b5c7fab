package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticketsystem.TicketSubmission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lander ticket create}: the seed's {@code ubuntu-ci create_ticket}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = {
    "Create a ticket on the Ticket System from _source.changes files (the files they list must sit",
    "beside them); it is queued and landed in FIFO order unless --wait. Prints the ticket's URI.",
    "Every .changes is checked (files present, sizes, checksums) before anything is created."
})
final class TicketCreateCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Option(names = {"-t", "--title"}, required = true, description = "Ticket title.")
    String title;

    @Option(names = {"-d", "--description"}, required = true, description = "Ticket description.")
    String description;

    @Option(names = {"-b", "--bug"}, description = "Related bug number or URL.")
    String bug;

    @Option(names = {"-o", "--owner"}, required = true, description = "Email address of the ticket owner.")
    String owner;

    @Option(names = {"-s", "--sources"}, required = true, paramLabel = "PATH_source.changes",
            description = "A _source.changes file; repeat for several uploads.")
    List<Path> sources;

    @Option(names = {"-w", "--wait"}, description = "Do not queue the ticket for processing.")
    boolean waitUnqueued;

    @Option(names = "--series", paramLabel = "NAME", description = "Series to land on (default: the server's).")
    String series;

    @Option(names = {"-p", "--package"}, paramLabel = "BINARY", split = ",", description = "Binary packages to install in the test image.")
    List<String> packages = new ArrayList<>();

    @Option(names = "--priority", paramLabel = "N", defaultValue = "0", description = "Higher lands first (default: ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--automatic",
            description = "The ticket is made by a machine (a sync), not a person: no mail about it unless the Lander is configured to.")
    boolean automatic;

    @Override
    public Integer call() throws Exception {
        List<SourceUpload> uploads;
        try {
            uploads = TicketSubmission.validate(sources);
        } catch (InvalidSourceException e) {
            throw new BadInputException(e.getMessage());
        }
        TicketClient client = server.writer();
        String uri = TicketCommand.refusedAsBadInput(() -> new TicketSubmission(client).submit(
                new TicketSubmission.Request(title, description, bug, owner, series, packages, priority, waitUnqueued,
                        automatic), uploads));
        System.out.println(client.resolve(uri));
        return LanderCli.COMPLETED;
    }
}
