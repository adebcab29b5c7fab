package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.LoggedConsole;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The backend's {@code reconcile}, once per backend and Jenkins start before its first action: PPAs held by tickets
 * that no run journal shows holding one go back to the pool, and cleans that a crash or a failure
 * interrupted are finished (otherwise the pool would shrink for good). Every step waits here until
 * it is done, so no reservation can slip in between reading the journals and reconciling.
 */
final class PoolReconciliation {
    private static final Logger LOGGER = Logger.getLogger(PoolReconciliation.class.getName());
    /** The backend each configuration (one per Jenkins start) has reconciled. */
    private static final Map<LanderConfiguration, LandingSteps> RECONCILED = new WeakHashMap<>();

    private PoolReconciliation() {}

    static void once(LanderConfiguration config, LandingSteps backend) throws Exception {
        synchronized (RECONCILED) {
            if (RECONCILED.get(config) == backend) {
                return;
            }
            Set<String> live = holdingTickets(config.journalPath());
            Path log = config.dataPath().resolve("jenkins-work").resolve("reconcile.log");
            try (LoggedConsole console = new LoggedConsole(log, LOGGER::info)) {
                console.out().println("Reconciling the PPA pool; tickets holding a PPA: " + live);
                backend.reconcile(live, console);
            }
            RECONCILED.put(config, backend);
        }
    }

    /** Tickets with a run journal that reserved (or was reserving) a PPA and did not release it. */
    static Set<String> holdingTickets(Path journals) throws IOException {
        Set<String> live = new TreeSet<>();
        if (!Files.isDirectory(journals)) {
            return live;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(journals, 2)) {
            files = walk.filter(f -> f.toString().endsWith(".jsonl")).toList();
        }
        for (Path file : files) {
            Journal journal = Journal.open(file);
            boolean reserved = journal.isDone(Landed.ALLOCATE) || journal.isStarted(Landed.ALLOCATE);
            if (reserved && !journal.isDone(Landed.RELEASE)) {
                live.add(file.getParent().getFileName().toString());
            }
        }
        return live;
    }
}
