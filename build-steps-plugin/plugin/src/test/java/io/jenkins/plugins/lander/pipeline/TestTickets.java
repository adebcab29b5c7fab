package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tickets of the controller's engine, taken in through its intake as the ticket bridge does. */
final class TestTickets {
    private TestTickets() {}

    /** @param uploads the {@code .dsc} files of the ticket's uploads */
    static String submit(Overrides overrides, Path... uploads) throws Exception {
        return submit(draft(overrides), uploads);
    }

    /** A ticket of the bridge ("tester"'s, on bookworm) with these overrides, for a test to change before {@link #submit}. */
    static Ticket draft(Overrides overrides) {
        Ticket draft = new Ticket();
        draft.setTitle("a ticket");
        draft.setOwner("tester");
        draft.setSeries("bookworm");
        draft.setOverrides(overrides);
        draft.setOrigin(Origin.JENKINS);
        return draft;
    }

    static String submit(Ticket draft, Path... uploads) throws Exception {
        List<SourceUpload> read = new ArrayList<>();
        for (Path dsc : uploads) {
            read.add(new SourceUploadReader().read(dsc));
        }
        try (ControllerEngine.Lease lease = ControllerEngine.lease();
                Scheduler.Claim claim = lease.engine().intake().submit(draft, read)) {
            return claim.ticket().getId();
        }
    }

    /** One upload, {@code hello 2.10-3}, written under {@code dir}. */
    static String hello(Path dir) throws Exception {
        return submit(Overrides.NONE, TestUploads.dsc(dir, "hello", "2.10-3"));
    }
}
