package io.jenkins.plugins.lander.bridge;

import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.util.List;

/**
 * The master pipeline's parameters for a ticket the bridge took in; {@code pipelines/lander.groovy}
 * defines the same names. The engine holds the rest of the ticket (uploads, overrides, binary
 * packages), which the steps read by its id. The id is a parameter, so two tickets are never merged
 * into one queue item, while the very same ticket sent twice is.
 */
final class TicketParameters {
    static final String TICKET_ID = "TICKET_ID";
    static final List<String> NAMES = List.of(TICKET_ID, "TITLE");

    private TicketParameters() {}

    /**
     * The parameters, marked safe so that the first build of a job that does not define them yet
     * (the script defines them when it runs) still receives them.
     */
    static ParametersAction of(Ticket ticket) {
        List<ParameterValue> values = List.of(
                new StringParameterValue(TICKET_ID, ticket.getId()),
                new StringParameterValue("TITLE", ticket.getTitle() == null ? "" : ticket.getTitle()));
        return new ParametersAction(values, NAMES);
    }
}
