package io.jenkins.plugins.lander.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lander ticket status [ID]}: the seed's {@code ubuntu-ci status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a ticket of the Ticket System (step, status, progress, subtickets, logs), or all tickets.")
final class TicketStatusCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "Ticket id (default: all tickets).")
    Long id;

    @Override
    public Integer call() throws Exception {
        var client = server.reader();
        JsonNode answer = TicketCommand.refusedAsBadInput(() -> client.get(id == null
                ? "api/v1/ticket/?limit=1000" : "api/v1/fullticket/" + id + "/"));
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else if (id == null) {
            for (JsonNode t : answer.path("objects")) {
                System.out.println(t.path("id").asLong() + "\t" + step(t) + "\t" + t.path("status").asText() + "\t" + t.path("title").asText());
            }
        } else {
            print(answer);
        }
        return LanderCli.COMPLETED;
    }

    private static String step(JsonNode t) {
        int code = t.path("current_workflow_step").asInt();
        return code + " " + io.jenkins.plugins.lander.ticket.WorkflowStep.fromCode(code).label();
    }

    private static void print(JsonNode t) {
        System.out.println("ticket " + t.path("id").asLong() + ": " + t.path("title").asText());
        System.out.println("  step:     " + step(t) + " (" + t.path("status").asText() + ")");
        if (!t.path("reason").isNull()) {
            System.out.println("  reason:   " + t.path("reason").asText());
        }
        JsonNode p = t.path("progress");
        if (!p.isNull()) {
            System.out.println("  progress: " + p.path("current").asInt() + "/" + p.path("total").asInt() + " " + p.path("message").asText(""));
        }
        for (JsonNode s : t.path("subtickets")) {
            JsonNode spu = s.path("source_package_upload");
            System.out.println("  " + spu.path("sourcepackage").path("name").asText() + " " + spu.path("version").asText() + ": "
                    + step(s) + " (" + s.path("status").asText() + ")");
            s.path("artifacts").forEach(a -> System.out.println("    " + a.path("type").asText() + " " + a.path("name").asText()
                    + " " + a.path("reference").asText()));
        }
        t.path("artifacts").forEach(a -> System.out.println("  " + a.path("type").asText() + " " + a.path("name").asText()
                + " " + a.path("reference").asText()));
    }
}
