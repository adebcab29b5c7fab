package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.VirtualFile;

/**
 * When a landing run is over and its log closed, copies the console log and the run's archived
 * artifacts into the data store under each landed ticket's container (Jenkins keeps its own copy)
 * and reports the references to the ticket. Runs in the background so that finishing a build
 * never waits for the upload.
 */
@Extension
public final class ArchivalRunListener extends RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(ArchivalRunListener.class.getName());

    @Override
    public void onFinalized(Run<?, ?> run) {
        List<LanderRunAction> landings = run.getActions(LanderRunAction.class);
        if (landings.isEmpty()) {
            return;
        }
        LanderThreads.pool().execute(() -> {
            for (LanderRunAction landing : landings) {
                try {
                    List<Artifact> stored = archive(run, landing.getContainer());
                    landing.addArchived(stored);
                    TicketReports.artifactsArchived(run, landing.getTicketId(), stored);
                } catch (IOException | RuntimeException e) {
                    LOGGER.log(Level.WARNING, "Could not archive " + run + " for ticket " + landing.getTicketId(), e);
                }
            }
        });
    }

    /** Stores the log and every artifact of the run; returns what it stored. */
    static @NonNull List<Artifact> archive(@NonNull Run<?, ?> run, @NonNull String container) throws IOException {
        DataStore store = LanderConfiguration.get().dataStore();
        String prefix = "jenkins/" + run.getParent().getFullName() + "/" + run.getNumber() + "/";
        List<Artifact> stored = new ArrayList<>();
        try (InputStream log = run.getLogInputStream()) {
            stored.add(put(store, container, prefix + "console.log", ArtifactType.LOGS, log));
        }
        VirtualFile root = run.getArtifactManager().root();
        for (String path : root.list("**/*", null, false)) {
            try (InputStream in = root.child(path).open()) {
                stored.add(put(store, container, prefix + "artifacts/" + path, ArtifactType.RESULTS, in));
            }
        }
        return stored;
    }

    /** Through a temporary file, because a console log may be far larger than memory should hold. */
    private static Artifact put(DataStore store, String container, String name, ArtifactType type, InputStream in)
            throws IOException {
        Path tmp = Files.createTempFile("lander-archive", ".tmp");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            String reference =
                    store.put(container, name, tmp, DataStore.Visibility.PUBLIC).toString();
            return new Artifact(name, type, reference);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
