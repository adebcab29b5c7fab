package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.ticket.Ticket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lander resume}: finish every ticket a crash left open, and free leaked PPAs. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = {
    "Finish or fail every unfinished ticket of the data directory (after a crash or kill),",
    "without repeating completed actions, and release PPAs held by closed tickets.",
    "Exit status: 0 all resumed tickets completed (or none to resume), 1 one failed."
})
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (LanderEnvironment env = LanderEnvironment.open(data.resolve(), System.err)) {
            Resumption resumption = Resumption.start(env, output.reporter(), System.err);
            if (resumption.isEmpty()) {
                System.err.println("lander: nothing to resume");
            }
            int code = LanderCli.COMPLETED;
            for (Ticket t : resumption.await()) {
                output.printResult(t);
                code = Math.max(code, TicketCommand.exitCode(t));
            }
            return code;
        }
    }
}
