package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lander ticket …}: tickets of this machine's data directory. */
@Command(name = "ticket", mixinStandardHelpOptions = true,
        description = "Show tickets of this machine's data directory; create, follow and update tickets of a Ticket System.",
        subcommands = {TicketCommand.Show.class, TicketCreateCommand.class, TicketStatusCommand.class, TicketUpdateCommand.class})
final class TicketCommand {

    /** A call to the Ticket System. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    /** The server's 4xx refusals (bad field, unknown ticket) are bad input: exit 2, its message shown. */
    static <T> T refusedAsBadInput(Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (TicketClient.TicketClientException e) {
            if (e.status() >= 400 && e.status() < 500) {
                throw new BadInputException(e.getMessage());
            }
            throw e;
        }
    }

    static int exitCode(Ticket t) {
        return t.getCurrentWorkflowStep() == WorkflowStep.COMPLETE ? LanderCli.COMPLETED : LanderCli.FAILED;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a ticket of the data directory.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Option(names = "--json", description = "Print the ticket as JSON.")
        boolean json;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            DataDirectory dir = DataDirectory.of(data.resolve());
            if (!dir.hasTickets()) {
                throw new BadInputException("unknown ticket " + id + " (no tickets in " + dir.root() + ")");
            }
            try (TicketDatabase db = dir.database()) {
                Ticket ticket = new JdbcTicketRepository(db)
                        .find(id)
                        .orElseThrow(() -> new BadInputException("unknown ticket " + id));
                OutputOptions.print(ticket, json, System.out);
                return LanderCli.COMPLETED;
            }
        }
    }
}
