package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.journal.JournaledAction;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Lands tickets: reserve a PPA, build every upload, build the test image, run the tests, publish,
 * release the PPA — reporting each step to the ticket and archiving every log and result.
 *
 * <p>Every external action runs under the ticket's {@link Journal}, so {@link #land} called again
 * after a crash skips what was done and reconciles what was half done. The PPA is released
 * whatever happens, and nothing of a failed ticket is published.
 */
public final class Lander {
    /** Journal action names; the Jenkins steps re-attach to the same names. */
    public static final String RESERVE = "reserve";
    public static final String IMAGE = "image";
    public static final String PUBLISH = "publish";
    public static final String RELEASE = "release";

    private final LandingSteps steps;
    private final DataStore store;
    private final TicketStore tickets;
    private final Path workRoot;
    private final LandingListener listener;
    private final Duration heartbeatPeriod;

    /**
     * @param workRoot per ticket {@code workRoot/ID/}: {@code journal.jsonl}, {@code uploads/},
     *     {@code logs/}, {@code work/}
     */
    public Lander(
            LandingSteps steps,
            DataStore store,
            TicketStore tickets,
            Path workRoot,
            LandingListener listener,
            Duration heartbeatPeriod) {
        this.steps = steps;
        this.store = store;
        this.tickets = tickets;
        this.workRoot = workRoot;
        this.listener = listener;
        this.heartbeatPeriod = heartbeatPeriod;
    }

    public static String buildAction(SubTicket sub) {
        return "build:" + sub.key();
    }

    public static String testAction(SubTicket sub) {
        return "test:" + sub.key();
    }

    /**
     * Records a new ticket for the uploads: checks the series, copies the uploads beside the
     * ticket (so a resumed landing does not depend on the caller's files) and archives them as
     * SPU artifacts. Nothing is created when the input is bad.
     */
    public Ticket submit(Ticket draft, List<SourceUpload> uploads) throws IOException, InvalidSourceException {
        if (uploads.isEmpty()) {
            throw new InvalidSourceException("a ticket needs at least one source upload");
        }
        requireKnownSeries(steps.knownSeries(), draft.getSeries());
        Set<String> keys = new HashSet<>();
        for (SourceUpload u : uploads) {
            if (!keys.add(u.key())) {
                throw new InvalidSourceException(u.key() + " is given twice");
            }
        }
        steps.checkUploads(draft.getSeries(), uploads);
        List<SubTicket> subs = new ArrayList<>();
        for (SourceUpload u : uploads) {
            subs.add(new SubTicket(0, u.source(), u.version(), u.descriptor().getFileName().toString()));
        }
        draft.setSubtickets(subs);
        draft.setCurrentWorkflowStep(WorkflowStep.QUEUED);
        draft.setStatus(TicketStatus.QUEUED);
        Ticket ticket = tickets.create(draft);
        for (int i = 0; i < uploads.size(); i++) {
            SubTicket sub = ticket.getSubtickets().get(i);
            Path dir = uploadDir(ticket, sub);
            Files.createDirectories(dir);
            for (SourceFile f : uploads.get(i).files()) {
                Files.copy(f.path(), dir.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING);
                String name = "sources/" + f.name();
                sub.getArtifacts().add(new Artifact(name, ArtifactType.SPU,
                        store.put(ticket.container(), name, f.path(), Visibility.PUBLIC).toString()));
            }
        }
        tickets.save(ticket);
        listener.ticketChanged(ticket);
        return ticket;
    }

    /** Refuses a series the backend cannot land on, naming those it can. */
    public static void requireKnownSeries(Set<String> known, String series) throws InvalidSourceException {
        if (!known.contains(series)) {
            throw new InvalidSourceException("unknown series '" + series + "' (known: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    /** The uploads saved with the ticket, validated again (a tampered copy is refused). */
    public List<SourceUpload> uploadsOf(Ticket ticket) throws IOException, InvalidSourceException {
        SourceUploadReader reader = new SourceUploadReader();
        List<SourceUpload> out = new ArrayList<>();
        for (SubTicket sub : ticket.getSubtickets()) {
            out.add(reader.read(uploadDir(ticket, sub).resolve(sub.getUpload())));
        }
        return out;
    }

    private Path uploadDir(Ticket ticket, SubTicket sub) {
        return ticketDir(ticket).resolve("uploads").resolve(Integer.toString(sub.getId()));
    }

    public Path ticketDir(Ticket ticket) {
        return workRoot.resolve(ticket.getId());
    }

    public Journal journal(Ticket ticket) throws IOException {
        return Journal.open(ticketDir(ticket).resolve("journal.jsonl"));
    }

    /** Tickets whose landing has not closed: never started, running when we crashed, or unreleased. */
    public List<Ticket> unfinished() throws IOException {
        List<Ticket> out = new ArrayList<>();
        for (Ticket t : tickets.all()) {
            if (!journal(t).isDone(RELEASE) || !t.isFinished()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Releases PPAs held by tickets that are closed or unknown; call before landing anything. */
    public void reconcile() throws Exception {
        Set<String> live = unfinished().stream().map(Ticket::getId).collect(Collectors.toSet());
        steps.reconcile(live, new LoggedConsole(workRoot.resolve("reconcile"), line -> {}));
    }

    /**
     * Lands the ticket, or finishes landing it after a crash. Returns the final ticket; never
     * throws for a failure of the package (build, tests): that is the ticket's state. An
     * interrupt cancels the landing, releases the PPA and re-asserts the interrupt.
     */
    public Ticket land(Ticket ticket) throws IOException {
        Journal journal = journal(ticket);
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lander heartbeat " + ticket.getId());
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> listener.heartbeat(ticket), 0,
                heartbeatPeriod.toMillis(), TimeUnit.MILLISECONDS);
        boolean interrupted = false;
        try {
            if (!ticket.isFinished()) {
                runSteps(ticket, journal);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            fail(ticket, TicketStatus.CANCELLED, "cancelled");
        } catch (Exception e) {
            fail(ticket, TicketStatus.FAILED, describe(e));
        } finally {
            // interrupted or not, the PPA must go back to the pool
            interrupted |= Thread.interrupted();
            // the journal knows which PPA was reserved, in this attempt or an earlier one
            release(ticket, journal, journal.result(RESERVE, Ppa.class).orElse(null));
            heartbeat.shutdownNow();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return ticket;
    }

    private void runSteps(Ticket ticket, Journal journal) throws Exception {
        List<SourceUpload> uploads = uploadsOf(ticket);
        List<SubTicket> subs = ticket.getSubtickets();
        Ppa ppa = journaled(ticket, journal, RESERVE, Ppa.class, WorkflowStep.QUEUED,
                (console, resuming) -> steps.allocatePpa(ticket.getId(), console));

        enter(ticket, WorkflowStep.PACKAGE_BUILDING);
        for (int i = 0; i < subs.size(); i++) {
            SubTicket sub = subs.get(i);
            SourceUpload upload = uploads.get(i);
            subtick(ticket, sub, WorkflowStep.PACKAGE_BUILDING, TicketStatus.RUNNING);
            BuildResult build = journaled(ticket, journal, buildAction(sub), BuildResult.class,
                    WorkflowStep.PACKAGE_BUILDING, (console, resuming) -> steps.buildSource(ppa, upload,
                            ticket.getSeries(), ticket.getOverrides().ignoreArchitectures(), console, resuming));
            archive(ticket, sub, build.files());
            if (!build.succeeded()) {
                subtick(ticket, sub, WorkflowStep.FAILED, TicketStatus.FAILED);
                if (!ticket.getOverrides().ignoresFailureOf(WorkflowStep.PACKAGE_BUILDING)) {
                    failStep(ticket, WorkflowStep.PACKAGE_BUILDING, sub.key() + ": build " + build.state()
                            + (build.reason() == null ? "" : ": " + build.reason()));
                    return;
                }
            }
        }

        enter(ticket, WorkflowStep.IMAGE_BUILDING);
        TestImage image = journaled(ticket, journal, IMAGE, TestImage.class, WorkflowStep.IMAGE_BUILDING,
                (console, resuming) -> steps.buildImage(ppa, ticket.getSeries(), ticket.getBinaryPackages(), console, resuming));
        archive(ticket, null, image.files());

        enter(ticket, WorkflowStep.IMAGE_TESTING);
        if (ticket.getOverrides().skipTests()) {
            listener.state(ticket, WorkflowStep.IMAGE_TESTING, "SKIPPED", "tests skipped by override (force-skiptest)");
        } else {
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < subs.size(); i++) {
                SubTicket sub = subs.get(i);
                SourceUpload upload = uploads.get(i);
                subtick(ticket, sub, WorkflowStep.IMAGE_TESTING, TicketStatus.RUNNING);
                listener.progress(ticket, WorkflowStep.IMAGE_TESTING, i + 1, subs.size(), sub.key());
                TestResult result = journaled(ticket, journal, testAction(sub), TestResult.class,
                        WorkflowStep.IMAGE_TESTING, (console, resuming) -> steps.runAutopkgtest(image, ppa, upload, console, resuming));
                archive(ticket, sub, result.files());
                if (!result.passed()) {
                    failures.add(sub.key() + ": autopkgtest " + result.outcome() + " (exit " + result.exitCode() + ")");
                    subtick(ticket, sub, WorkflowStep.FAILED, TicketStatus.FAILED);
                }
            }
            if (!failures.isEmpty() && !ticket.getOverrides().ignoresFailureOf(WorkflowStep.IMAGE_TESTING)) {
                failStep(ticket, WorkflowStep.IMAGE_TESTING, String.join("; ", failures));
                return;
            }
        }

        enter(ticket, WorkflowStep.PACKAGE_PUBLISHING);
        PublishResult published = journaled(ticket, journal, PUBLISH, PublishResult.class,
                WorkflowStep.PACKAGE_PUBLISHING,
                (console, resuming) -> steps.publish(ppa, ticket.getSeries(), uploads, console, resuming));
        archive(ticket, null, published.files());
        for (SubTicket sub : subs) {
            if (sub.getStatus() != TicketStatus.FAILED) {
                subtick(ticket, sub, WorkflowStep.COMPLETE, TicketStatus.COMPLETED);
            }
        }
        ticket.setCurrentWorkflowStep(WorkflowStep.COMPLETE);
        ticket.setStatus(TicketStatus.COMPLETED);
        saveAndTell(ticket);
    }

    @FunctionalInterface
    private interface StepCall<T> {
        T call(StepConsole console, boolean resuming) throws Exception;
    }

    /** Runs one journaled action with its own console log, archived whatever the outcome. */
    private <T> T journaled(Ticket ticket, Journal journal, String action, Class<T> type, WorkflowStep step, StepCall<T> call)
            throws Exception {
        Path logFile = ticketDir(ticket).resolve("logs").resolve(action.replace(':', '_') + ".log");
        LoggedConsole console = new LoggedConsole(logFile, line -> listener.output(ticket, step, line)) {
            @Override
            public void progress(int current, int total, String message) {
                listener.progress(ticket, step, current, total, message);
            }

            @Override
            public void state(String state, String message) {
                super.state(state, message);
                listener.state(ticket, step, state, message);
            }
        };
        JournaledAction<T> body = resuming -> {
            if (resuming) {
                console.out().println("[lander] resuming " + action + " after an interrupted attempt");
            }
            return call.call(console, resuming);
        };
        try (console) {
            return journal.run(action, type, body);
        } finally {
            if (Files.exists(logFile)) {
                String name = "console/" + logFile.getFileName();
                addArtifact(ticket, null, name, ArtifactType.LOGS,
                        store.put(ticket.container(), name, logFile, Visibility.PUBLIC).toString());
            }
        }
    }

    private void archive(Ticket ticket, SubTicket sub, List<ArchivedFile> files) throws IOException {
        for (ArchivedFile f : files) {
            Path path = Path.of(f.path());
            if (!Files.isRegularFile(path)) {
                continue; // a step may list a file it could not produce (e.g. no log before a crash)
            }
            String reference = store.put(ticket.container(), f.name(), path, Visibility.PUBLIC).toString();
            addArtifact(ticket, sub, f.name(), f.type(), reference);
        }
        tickets.save(ticket);
    }

    private static void addArtifact(Ticket ticket, SubTicket sub, String name, ArtifactType type, String reference) {
        List<Artifact> list = sub == null ? ticket.getArtifacts() : sub.getArtifacts();
        list.removeIf(a -> a.name().equals(name));
        list.add(new Artifact(name, type, reference));
    }

    private void release(Ticket ticket, Journal journal, Ppa ppa) throws IOException {
        if (journal.isDone(RELEASE)) {
            return;
        }
        if (ppa == null) {
            journal.record(RELEASE, null); // nothing was reserved: the landing is closed
            return;
        }
        try {
            journaled(ticket, journal, RELEASE, Void.class, ticket.getCurrentWorkflowStep(), (console, resuming) -> {
                steps.releasePpa(ppa, console);
                return null;
            });
        } catch (Exception e) {
            // the ticket's verdict stands; the pool's reconcile retries the clean at next start
            if (!ticket.isFinished()) {
                fail(ticket, TicketStatus.FAILED, "releasing " + ppa.name() + ": " + describe(e));
            }
        }
    }

    private void enter(Ticket ticket, WorkflowStep step) throws IOException {
        ticket.setCurrentWorkflowStep(step);
        ticket.setStatus(TicketStatus.RUNNING);
        saveAndTell(ticket);
    }

    private void subtick(Ticket ticket, SubTicket sub, WorkflowStep step, TicketStatus status) throws IOException {
        sub.setCurrentWorkflowStep(step);
        sub.setStatus(status);
        saveAndTell(ticket);
    }

    private void failStep(Ticket ticket, WorkflowStep step, String reason) throws IOException {
        ticket.setFailedStep(step);
        ticket.setReason(reason);
        ticket.setCurrentWorkflowStep(WorkflowStep.FAILED);
        ticket.setStatus(TicketStatus.FAILED);
        saveAndTell(ticket);
    }

    private void fail(Ticket ticket, TicketStatus status, String reason) throws IOException {
        if (ticket.getFailedStep() == null && !ticket.getCurrentWorkflowStep().isTerminal()) {
            ticket.setFailedStep(ticket.getCurrentWorkflowStep());
        }
        ticket.setReason(reason);
        ticket.setCurrentWorkflowStep(WorkflowStep.FAILED);
        ticket.setStatus(status);
        saveAndTell(ticket);
    }

    private void saveAndTell(Ticket ticket) throws IOException {
        tickets.save(ticket);
        try {
            listener.ticketChanged(ticket);
        } catch (UncheckedIOException e) {
            // a listener that cannot report (Ticket System down) must not stop the landing
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
