package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import java.util.Optional;

/** Releasing the PPA a run holds, for {@link ReleasePpaStep} and {@link PpaLeakListener}. */
final class PpaRelease {
    private PpaRelease() {}

    /** Releases the run's PPA, if it holds one; returns its name, or null. */
    static String release(LandingSteps backend, Journal journal, StepConsole console) throws Exception {
        Optional<Ppa> ppa = journal.result(Landed.ALLOCATE, Ppa.class);
        if (ppa.isEmpty()) {
            return null;
        }
        backend.releasePpa(ppa.get(), console);
        return ppa.get().name();
    }
}
