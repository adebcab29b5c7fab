package io.jenkins.plugins.lander.pipeline;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.plugin.TicketReports;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine tells of a landing, shown in a Pipeline run: the actions' log lines in the
 * step's console (the agent runner's among them), {@code current/total} and the regression table
 * on the run page, and the ticket's step and archived files reported to its ticket (the bridge's
 * {@code TicketReporter}).
 */
final class StepListener implements LandingListener {
    /** What {@code lander step} and the engine print for progress: {@code [3/12] message}. */
    private static final Pattern PROGRESS = Pattern.compile("\\[(\\d+)/(\\d+)] (.*)");

    private final Run<?, ?> run;
    private final TaskListener listener;
    private final LanderRunAction landing;

    StepListener(Run<?, ?> run, TaskListener listener, LanderRunAction landing) {
        this.run = run;
        this.listener = listener;
        this.landing = landing;
    }

    @Override
    public void output(Ticket ticket, WorkflowStep step, String line) {
        listener.getLogger().println(line);
        Matcher m = PROGRESS.matcher(line);
        if (m.matches()) {
            landing.progress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
        }
    }

    @Override
    public void progress(Ticket ticket, WorkflowStep step, int current, int total, String message) {
        landing.progress(current, total, message);
        listener.getLogger().println("[" + current + "/" + total + "] " + message);
    }

    @Override
    public void state(Ticket ticket, WorkflowStep step, String state, String message) {
        listener.getLogger().println("[" + state + "] " + message);
    }

    @Override
    public void ticketChanged(Ticket ticket) {
        TicketReports.stepChanged(run, ticket.getId(), ticket.getCurrentWorkflowStep(), ticket.getStatus());
        List<Artifact> all = new ArrayList<>(ticket.getArtifacts());
        ticket.getSubtickets().forEach(sub -> all.addAll(sub.getArtifacts()));
        List<Artifact> added = landing.addArchived(all);
        TicketReports.artifactsArchived(run, ticket.getId(), added);
        if (ticket.getTriggeredTests() != null) {
            // as each triggered test finishes: the page shows the table live, and a regression that fails the step
            landing.setTriggered(ticket.getTriggeredTests());
        }
    }
}
