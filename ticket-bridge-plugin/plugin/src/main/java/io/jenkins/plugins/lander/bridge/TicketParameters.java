package io.jenkins.plugins.lander.bridge;

import hudson.model.BooleanParameterValue;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import hudson.model.TextParameterValue;
import java.util.List;

/**
 * Every field of a ticket as a parameter of the master pipeline; {@code pipelines/lander.groovy}
 * defines the same names. The ticket id is one of them, so two tickets are never merged into one
 * queue item, while the very same ticket sent twice is.
 */
final class TicketParameters {
    static final String TICKET_ID = "TICKET_ID";
    static final List<String> NAMES = List.of(
            TICKET_ID,
            "TITLE",
            "DESCRIPTION",
            "OWNER",
            "BUG_ID",
            "SERIES",
            "SOURCE_PACKAGES",
            "BINARY_PACKAGES",
            "IGNORE_ARCHITECTURES",
            "IGNORE_FAILURES",
            "SKIP_TESTS");

    private TicketParameters() {}

    /**
     * The parameters, marked safe so that the first build of a job that does not define them yet
     * (the script defines them when it runs) still receives them.
     */
    static ParametersAction of(LandingRequest r) {
        List<ParameterValue> values = List.of(
                new StringParameterValue(TICKET_ID, r.ticket()),
                new StringParameterValue("TITLE", nonNull(r.title())),
                new TextParameterValue("DESCRIPTION", nonNull(r.description())),
                new StringParameterValue("OWNER", nonNull(r.owner())),
                new StringParameterValue("BUG_ID", nonNull(r.bugId())),
                new StringParameterValue("SERIES", r.series()),
                new TextParameterValue("SOURCE_PACKAGES", String.join("\n", r.sourcePackages())),
                new StringParameterValue("BINARY_PACKAGES", String.join(" ", r.binaryPackages())),
                new StringParameterValue("IGNORE_ARCHITECTURES", String.join(" ", r.ignoreArchitectures())),
                new StringParameterValue("IGNORE_FAILURES", String.join(" ", r.ignoreFailures())),
                new BooleanParameterValue("SKIP_TESTS", r.skipTests()));
        return new ParametersAction(values, NAMES);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
