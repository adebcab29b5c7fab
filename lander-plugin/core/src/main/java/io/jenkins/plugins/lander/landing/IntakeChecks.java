package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.util.List;

/**
 * Checks a data directory's configuration adds to the intake's own (an OpenPGP keyring the
 * uploads must be signed with, …). Run on every face before a ticket is queued.
 */
@FunctionalInterface
public interface IntakeChecks {
    IntakeChecks NONE = (ticket, uploads) -> {};

    void check(Ticket ticket, List<SourceUpload> uploads) throws InvalidSourceException, IOException;
}
