package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --json} and {@code --verbose}, and how a finished ticket is printed. */
final class OutputOptions {
    @Option(names = "--json", description = "Print the final ticket as JSON on stdout.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Echo the tools' output.")
    boolean verbose;

    /** Progress goes to stderr so that stdout stays clean for --json. */
    ConsoleReporter reporter() {
        return new ConsoleReporter(System.err, System.console() != null, verbose);
    }

    void printResult(Ticket ticket) throws IOException {
        print(ticket, json, System.out);
    }

    /** A landed ticket, with where its time went when the engine kept its stats. */
    void printLanded(Ticket ticket, java.util.Optional<TimeTable> times) throws IOException {
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.valueToTree(ticket);
            times.ifPresent(t -> n.set("timings", t.json()));
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            return;
        }
        print(ticket, false, System.out);
        times.ifPresent(t -> t.print(System.out));
    }

    static void print(Ticket ticket, boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ticket));
            return;
        }
        out.println("ticket " + ticket.getId() + ": " + ticket.getTitle());
        out.println("  step:   " + ticket.getCurrentWorkflowStep().code() + " " + ticket.getCurrentWorkflowStep().label()
                + " (" + ticket.getStatus() + ")");
        if (ticket.getFailedStep() != null) {
            out.println("  failed: " + ticket.getFailedStep().code() + " " + ticket.getFailedStep().label() + ": " + ticket.getReason());
        } else if (ticket.getReason() != null) {
            out.println("  reason: " + ticket.getReason());
        }
        for (SubTicket s : ticket.getSubtickets()) {
            out.println("  " + s.key() + ": " + s.getCurrentWorkflowStep().code() + " " + s.getStatus());
            for (Artifact a : s.getArtifacts()) {
                out.println("    " + a.type() + " " + a.name() + " " + a.reference());
            }
        }
        for (Artifact a : ticket.getArtifacts()) {
            out.println("  " + a.type() + " " + a.name() + " " + a.reference());
        }
    }
}
