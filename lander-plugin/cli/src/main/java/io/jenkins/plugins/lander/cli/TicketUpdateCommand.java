package io.jenkins.plugins.lander.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lander ticket update ID …}: the seed's {@code ubuntu-ci update_ticket}. */
@Command(name = "update", mixinStandardHelpOptions = true, description = {
    "Update a ticket's step and status: queue a ticket created with --wait, cancel a queued or",
    "running one (its PPA is released), or set the step/status as a lander would."
})
final class TicketUpdateCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Parameters(paramLabel = "ID", description = "Ticket id.")
    long id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Change change;

    static final class Change {
        @Option(names = "--queue", description = "Queue the ticket (step 100, status 000).")
        boolean queue;

        @Option(names = "--cancel", description = "Cancel the ticket; a running landing stops and releases its PPA.")
        boolean cancel;

        @ArgGroup(exclusive = false)
        Explicit explicit;
    }

    static final class Explicit {
        @Option(names = "--step", paramLabel = "CODE", description = "Workflow step: 100, 200, 300, 400, 500, 999, 1000.")
        Integer step;

        @Option(names = "--status", paramLabel = "STATUS", description = "QUEUED (000), WAITING, RUNNING, COMPLETED (1000), FAILED, CANCELLED.")
        String status;
    }

    @Option(names = "--reason", description = "Why (shown with the ticket).")
    String reason;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        if (change.queue) {
            body.put("current_workflow_step", "100");
            body.put("status", "000");
        } else if (change.cancel) {
            body.put("status", "CANCELLED");
        } else {
            if (change.explicit.step == null && change.explicit.status == null) {
                throw new BadInputException("give --queue, --cancel, --step or --status");
            }
            if (change.explicit.step != null) {
                body.put("current_workflow_step", change.explicit.step);
            }
            if (change.explicit.status != null) {
                body.put("status", change.explicit.status);
            }
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        var client = server.writer();
        var ticket = TicketCommand.refusedAsBadInput(() -> client.patch("api/v1/updateticketstatus/" + id + "/", body));
        System.out.println("ticket " + id + ": " + ticket.path("current_workflow_step").asInt() + " " + ticket.path("status").asText());
        return LanderCli.COMPLETED;
    }
}
