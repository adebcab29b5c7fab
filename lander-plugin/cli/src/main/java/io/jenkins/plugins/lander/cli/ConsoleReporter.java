package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.PrintStream;

/**
 * Shows a landing to a person: one line per step change, and on a terminal a progress bar that
 * redraws in place; on a pipe or file, plain {@code current/total} lines instead.
 */
final class ConsoleReporter implements LandingListener {
    private static final WorkflowStep[] PHASES = {
        WorkflowStep.QUEUED, WorkflowStep.PACKAGE_BUILDING, WorkflowStep.IMAGE_BUILDING,
        WorkflowStep.IMAGE_TESTING, WorkflowStep.PACKAGE_PUBLISHING, WorkflowStep.COMPLETE
    };
    private static final int BAR_WIDTH = 24;
    private final PrintStream out;
    private final boolean terminal;
    private final boolean verbose;
    private String lastStepLine = "";
    private boolean barShown;

    ConsoleReporter(PrintStream out, boolean terminal, boolean verbose) {
        this.out = out;
        this.terminal = terminal;
        this.verbose = verbose;
    }

    @Override
    public synchronized void ticketChanged(Ticket ticket) {
        WorkflowStep step = ticket.getCurrentWorkflowStep();
        String line = "ticket " + ticket.getId() + ": [" + step.code() + " " + step.label() + "] " + ticket.getStatus()
                + (ticket.getReason() == null ? "" : " — " + ticket.getReason());
        if (!line.equals(lastStepLine)) {
            lastStepLine = line;
            println(line);
            bar(ticket, step, "");
        }
    }

    @Override
    public synchronized void output(Ticket ticket, WorkflowStep step, String line) {
        if (verbose) {
            println("  " + line);
        } else if (terminal) {
            bar(ticket, step, line);
        }
    }

    @Override
    public synchronized void progress(Ticket ticket, WorkflowStep step, int current, int total, String message) {
        if (terminal) {
            bar(ticket, step, current + "/" + total + " " + message);
        } else {
            println("ticket " + ticket.getId() + ": [" + step.code() + " " + step.label() + "] " + current + "/" + total + " " + message);
        }
    }

    @Override
    public synchronized void state(Ticket ticket, WorkflowStep step, String state, String message) {
        println("ticket " + ticket.getId() + ": [" + step.code() + " " + step.label() + "] " + state + " " + message);
    }

    private void println(String line) {
        if (barShown) {
            out.print("\r\033[K");
            barShown = false;
        }
        out.println(line);
    }

    private void bar(Ticket ticket, WorkflowStep step, String detail) {
        if (!terminal || step.isTerminal()) {
            return;
        }
        int phase = 0;
        for (int i = 0; i < PHASES.length; i++) {
            if (PHASES[i] == step) {
                phase = i;
            }
        }
        int filled = BAR_WIDTH * phase / (PHASES.length - 1);
        String text = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + phase + "/" + (PHASES.length - 1)
                + " " + step.label() + (detail.isEmpty() ? "" : ": " + detail);
        int width = 100;
        out.print("\r\033[K" + (text.length() > width ? text.substring(0, width) : text));
        out.flush();
        barShown = true;
    }
}
