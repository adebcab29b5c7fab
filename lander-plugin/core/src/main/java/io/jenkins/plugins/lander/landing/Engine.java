package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.BaselineCache;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.repository.TicketRepository;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The landing engine of one data directory, the one every face calls: the CLI, the Ticket
 * System and the Jenkins steps. It ties the ticket repository, the data store and the backend's
 * {@link LandingSteps} together and hands out the pieces: {@link Intake} (tickets in),
 * {@link Scheduler} (who lands when), {@link LandingSession} (one ticket's actions) and
 * {@link Lander} (all of them in order).
 *
 * <p>Per ticket, {@code TICKETS/ID/} holds its journal, its staged uploads, its console logs and
 * the steps' work directories.
 */
public final class Engine {
    private final TicketRepository tickets;
    private final DataStore store;
    private final LandingSteps steps;
    private final Path ticketsRoot;
    private final EngineSettings settings;
    private final Scheduler scheduler;
    private final Intake intake;
    private final List<LandingObserver> observers = new CopyOnWriteArrayList<>();

    /** @param signatures the OpenPGP check of the uploads ({@link SignatureVerifier#none()}: accepted, noted unverified) */
    public Engine(TicketRepository tickets, DataStore store, LandingSteps steps, Path ticketsRoot, EngineSettings settings,
            SignatureVerifier signatures) {
        this.tickets = tickets;
        this.store = store;
        this.steps = steps;
        this.ticketsRoot = ticketsRoot.toAbsolutePath().normalize();
        this.settings = settings;
        this.scheduler = new Scheduler(tickets, this.ticketsRoot, settings.slots());
        this.intake = new Intake(this, signatures);
    }

    public TicketRepository tickets() {
        return tickets;
    }

    public DataStore store() {
        return store;
    }

    public LandingSteps steps() {
        return steps;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Intake intake() {
        return intake;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The baselines of triggered tests, shared by the data directory's tickets ({@code DATA/baselines/}). */
    public BaselineCache baselines() {
        return new BaselineCache(ticketsRoot.toAbsolutePath().resolveSibling("baselines"));
    }

    int parallelism() {
        return settings.parallelism();
    }

    public Path ticketDir(String id) {
        return ticketsRoot.resolve(id);
    }

    public Journal journal(String id) throws IOException {
        return Journal.open(ticketDir(id).resolve("journal.jsonl"));
    }

    /** The ticket's landing, with its staged uploads read back and checked again. */
    public LandingSession session(Ticket ticket, LandingListener listener) throws IOException, InvalidSourceException {
        var uploads = intake.uploadsOf(ticket);
        return new LandingSession(this, ticket, uploads, BuildOrder.of(uploads), journal(ticket.getId()), listener);
    }

    /** Adds what is told of every landing's build failures and ends (stats, mail). */
    public Engine observe(LandingObserver observer) {
        observers.add(observer);
        return this;
    }

    List<LandingObserver> observers() {
        return observers;
    }

    /** What a Lander process does first on the directory, after {@link #reconcile}: the observers catch up. */
    public void starting(StepConsole console) {
        for (LandingObserver o : observers) {
            try {
                o.starting(this, console);
            } catch (Exception e) {
                console.out().println("[lander] " + o.getClass().getSimpleName() + " could not catch up: " + e.getMessage());
            }
        }
    }

    public Lander lander(LandingListener listener) {
        return new Lander(this, listener);
    }

    /**
     * Gives back PPAs held by tickets that are closed or unknown and finishes cleans a crash
     * interrupted; PPAs of unfinished tickets (landing here, elsewhere, or abandoned) are kept.
     */
    public void reconcile(StepConsole console) throws Exception {
        Set<String> live = tickets.unfinished().stream().map(Ticket::getId).collect(Collectors.toSet());
        steps.reconcile(live, console);
    }
}
