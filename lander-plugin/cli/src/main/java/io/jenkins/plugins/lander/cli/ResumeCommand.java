package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.landing.Lander;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
            List<Ticket> resumed = resumeAll(env.lander(output.reporter()), System.err);
            if (resumed.isEmpty()) {
                System.err.println("lander: nothing to resume");
            }
            int code = LanderCli.COMPLETED;
            for (Ticket t : resumed) {
                output.printResult(t);
                code = Math.max(code, TicketCommand.exitCode(t));
            }
            return code;
        }
    }

    /**
     * Reconciles the pool first (PPAs of closed or unknown tickets go back, so a resumed or new
     * ticket never waits for a leaked one), then lands every unfinished ticket in id order (FIFO).
     */
    static List<Ticket> resumeAll(Lander lander, PrintStream messages) throws Exception {
        lander.reconcile();
        List<Ticket> done = new ArrayList<>();
        for (Ticket t : lander.unfinished()) {
            messages.println("lander: resuming ticket " + t.getId()
                    + (t.getStatus() == TicketStatus.QUEUED ? " (queued)" : " (interrupted at " + t.getCurrentWorkflowStep().label() + ")"));
            done.add(lander.land(t));
        }
        return done;
    }
}
