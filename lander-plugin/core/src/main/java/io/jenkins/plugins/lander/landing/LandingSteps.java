package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The backend of a landing's actions: {@code build-steps-plugin/core} implements them on local
 * Debian tools (and later on Launchpad and OpenStack). Only a {@link LandingSession} calls them,
 * for every face.
 *
 * <p>Every method that changes something outside the Lander takes {@code resuming}: true when a
 * previous attempt of the very same action crashed half-way, so the step must first reconcile
 * with what that attempt left (a package already in the PPA, a half-written image) instead of
 * failing or doing it twice.
 */
public interface LandingSteps {

    /** The series this backend can land on; others are refused as bad input. */
    Set<String> knownSeries();

    /**
     * Refuses, before a ticket is created, uploads the backend can already tell it will not land,
     * as Launchpad rejects an upload whose version the archive has. The publish step checks again.
     */
    default void checkUploads(String series, List<SourceUpload> uploads) throws InvalidSourceException, IOException {}

    /**
     * Releases PPAs reserved by tickets that are not in {@code liveTickets} and finishes any clean
     * that a crash interrupted. Called once when a Lander starts.
     */
    void reconcile(Set<String> liveTickets, StepConsole console) throws Exception;

    /**
     * Reserves a clean PPA for the ticket, waiting (and saying so) while the pool is empty. Calling
     * it again for the same ticket returns the PPA it already holds.
     */
    Ppa allocatePpa(String ticketId, StepConsole console) throws Exception;

    /** The {@code deb …} line that installs from the PPA, as this process serves it now. */
    String aptLine(Ppa ppa, String series);

    /** Builds one upload into the PPA. A build failure is a result, not an exception. */
    BuildResult buildSource(
            Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures, StepConsole console, boolean resuming)
            throws Exception;

    /** Base image of the series + the PPA as apt source + {@code packages} installed. */
    TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception;

    /** Runs the DEP-8 tests of one upload on the image. Test failures are results. */
    TestResult runAutopkgtest(
            TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming) throws Exception;

    /**
     * The indexes triggered tests are looked for in: the series' archive where the ticket
     * publishes and, when configured, a mirror's. None when the backend cannot run them.
     * {@code ppa} is the asking ticket's (a backend whose tests run elsewhere asks there).
     */
    default List<ArchiveIndex> triggerIndexes(Ppa ppa, String series, StepConsole console) throws Exception {
        return List.of();
    }

    /** The architectures this backend's testbeds run tests of {@code series} on. */
    default Set<String> testArchitectures(Ppa ppa, String series, StepConsole console) throws Exception {
        return Set.of();
    }

    /**
     * Names the testbed tests of {@code series} run on: baselines are comparable only on equal
     * keys. Asked for the baseline of {@code test}, just after its run with the trigger.
     */
    default String testbedKey(Ppa ppa, String series, TriggeredTest test, StepConsole console) throws Exception {
        return getClass().getSimpleName() + "/" + series;
    }

    /**
     * Runs the DEP-8 tests of an archive package on the ticket's testbed. With
     * {@code withTrigger}, the binaries of {@code trigger} come from the PPA, pinned over the
     * archive, and everything else from the archive; without, it is the baseline: the archive
     * alone. Test failures are results.
     */
    default TestResult runTriggeredTest(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            StepConsole console, boolean resuming) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot run triggered tests");
    }

    /**
     * Copies the uploads' source and binary packages from the PPA to the series' archive.
     * Refuses a version the archive already has (unless {@code resuming} finds it was this very
     * publication that put it there).
     */
    PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception;

    /** Marks the PPA dirty, cleans it and returns it to the pool. Idempotent. */
    void releasePpa(Ppa ppa, StepConsole console) throws Exception;
}
