package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.landing.LandingSession.Ending;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lands a ticket from start to end: reserve a PPA, build every upload (in build-dependency
 * order), build the test image, run the tests, publish, release the PPA — the actions of its
 * {@link LandingSession}, in the order the Jenkins master pipeline calls them too.
 *
 * <p>Called again after a crash, it goes through the same actions: the journal skips what was
 * done and resumes what was half done.
 */
public final class Lander {
    private final Engine engine;
    private final LandingListener listener;

    Lander(Engine engine, LandingListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /**
     * Lands the ticket, or finishes landing it after a crash; the caller holds its lock and its
     * turn. Returns the final ticket; never throws for a failure of the package (build, tests):
     * that is the ticket's state. An interrupt cancels the landing, releases the PPA and re-asserts
     * the interrupt.
     */
    public Ticket land(Ticket ticket) throws IOException {
        LandingSession session;
        try {
            session = engine.session(ticket, listener);
        } catch (InvalidSourceException e) {
            return failUnlandable(ticket, e.getMessage());
        }
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lander heartbeat " + ticket.getId());
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> listener.heartbeat(ticket), 0, engine.settings().heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        Ending ending = Ending.RAN;
        String error = null;
        try {
            if (!ticket.isFinished()) {
                run(session);
            }
        } catch (InterruptedException e) {
            ending = Ending.CANCELLED;
        } catch (Exception e) {
            ending = Ending.ERROR;
            error = LandingSession.describe(e);
        } finally {
            // interrupted or not, the PPA goes back to the pool before the verdict is saved
            boolean interrupted = Thread.interrupted() || ending == Ending.CANCELLED;
            try {
                session.finish(interrupted ? Ending.CANCELLED : ending, error);
            } finally {
                heartbeat.shutdownNow();
                engine.scheduler().landingEnded();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return ticket;
    }

    private static void run(LandingSession session) throws Exception {
        session.allocatePpa();
        session.buildAll();
        if (!session.afterBuilds().proceed()) {
            return;
        }
        session.buildImage();
        session.testAll();
        if (!session.afterTests().proceed()) {
            return;
        }
        session.testTriggered();
        if (!session.afterTriggeredTests().proceed()) {
            return;
        }
        session.publish();
    }

    /** Uploads that can no longer be read back (tampered, deleted): the ticket fails where it stands. */
    private Ticket failUnlandable(Ticket ticket, String reason) {
        if (!ticket.isFinished()) {
            ticket.setFailedStep(ticket.getCurrentWorkflowStep());
            ticket.setReason(reason);
            ticket.setCurrentWorkflowStep(WorkflowStep.FAILED);
            ticket.setStatus(TicketStatus.FAILED);
            engine.tickets().save(ticket);
            listener.ticketChanged(ticket);
        }
        engine.scheduler().landingEnded();
        return ticket;
    }
}
