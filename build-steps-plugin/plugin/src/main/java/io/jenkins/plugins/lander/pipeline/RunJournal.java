package io.jenkins.plugins.lander.pipeline;

import hudson.model.Run;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.nio.file.Path;

/**
 * Where a run keeps the journal of what its steps did for a ticket, and their scratch space.
 * One journal per run and ticket: a restart resumes the run from it, while a new run of the same
 * ticket starts afresh (the backend still refuses to publish a version twice).
 */
final class RunJournal {
    private RunJournal() {}

    static Path file(LanderConfiguration config, Run<?, ?> run, String ticketId) {
        return file(config, run.getExternalizableId(), ticketId);
    }

    /** @param runId the run's externalizable id, {@code folder/job#12} */
    static Path file(LanderConfiguration config, String runId, String ticketId) {
        return config.journalPath().resolve(ticketId).resolve(safe(runId) + ".jsonl");
    }

    static Path workDir(LanderConfiguration config, String ticketId, String actionKey) {
        return config.dataPath().resolve("jenkins-work").resolve(ticketId).resolve(safe(actionKey));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
