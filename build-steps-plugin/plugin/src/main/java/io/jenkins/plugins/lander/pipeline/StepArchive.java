package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Puts the files a step produced into the ticket's container as soon as the step is done. */
final class StepArchive {
    private StepArchive() {}

    /** Replaces files of the same name, so archiving again after a resume is harmless. */
    static List<Artifact> store(DataStore store, String ticketId, List<ArchivedFile> files) throws IOException {
        List<Artifact> stored = new ArrayList<>();
        String container = Ticket.containerOf(ticketId);
        for (ArchivedFile file : files) {
            Path path = Path.of(file.path());
            if (!Files.isRegularFile(path)) {
                continue; // a resumed step may name a scratch file that was cleaned since
            }
            String reference = store.put(container, file.name(), path, DataStore.Visibility.PUBLIC)
                    .toString();
            stored.add(new Artifact(file.name(), file.type(), reference));
        }
        return stored;
    }
}
