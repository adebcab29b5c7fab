package io.jenkins.plugins.lander.pipeline;

import hudson.Util;
import hudson.model.Run;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What every landing step takes: the ticket of the engine it works for. Starting one checks that
 * the run may land ({@link RunAccess}) before anything else happens.
 */
public abstract class TicketStep extends Step {
    private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final String ticket;

    protected TicketStep(String ticket) {
        String id = Util.fixEmptyAndTrim(ticket);
        if (id == null || !TICKET_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "ticket must be a ticket id (letters, digits, '.', '_', '-'), not '" + ticket + "'");
        }
        this.ticket = id;
    }

    public String getTicket() {
        return ticket;
    }

    @Override
    public final StepExecution start(StepContext context) throws Exception {
        RunAccess.check(context.get(Run.class), getDescriptor().getFunctionName());
        return execution(context);
    }

    protected abstract StepExecution execution(StepContext context) throws Exception;
}
