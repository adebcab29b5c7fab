package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every landing step takes: the ticket it works for (mandatory) and, for the steps that
 * build or test, the series (optional; the first configured series by default).
 */
public abstract class TicketStep extends Step {
    private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final String ticket;
    private String series;

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

    public @CheckForNull String getSeries() {
        return series;
    }

    @DataBoundSetter
    public void setSeries(String series) {
        this.series = Util.fixEmptyAndTrim(series);
    }

    /** The series to work on, refused when this Jenkins does not land on it. */
    protected String effectiveSeries() throws AbortException {
        LanderConfiguration config = LanderConfiguration.get();
        if (series == null) {
            return config.defaultSeries();
        }
        if (!config.seriesSet().contains(series)) {
            throw new AbortException(
                    "series '" + series + "' is not configured; this Jenkins lands on " + config.seriesSet());
        }
        return series;
    }
}
