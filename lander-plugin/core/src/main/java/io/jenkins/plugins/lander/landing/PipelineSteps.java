package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.landing.LandingPolicy.Decision;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each Jenkins Pipeline step does, as plain Java: the Jenkins glue and the master
 * pipeline's tests call these same methods. Each opens the ticket's {@link LandingSession} and
 * runs one of its actions, so a script gets the engine's order and policy whatever it does; the
 * values are plain maps and lists a Pipeline script reads ({@code build.succeeded}) and that
 * survive the CPS program's serialisation. A step that must fail the run throws
 * {@link StepFailedException} with the reason.
 */
public final class PipelineSteps {
    private final Engine engine;
    private final LandingListener listener;

    public PipelineSteps(Engine engine, LandingListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /**
     * Takes the ticket's turn if the engine's conflict rule and slots let it land now: tickets that
     * share a source package of the same series keep queue order, others land side by side up to
     * the slots ({@link Scheduler#tryClaim}, the rule {@code lander land} and {@code lander serve}
     * wait on). Does not wait: a Jenkins step asks again when a landing ends ({@link #releasePpa}).
     * The turn is held until {@link #releasePpa} or {@link #cancel}.
     *
     * @return empty when the ticket may land now, else why it waits ("ticket 5 waits for ticket 3 (hello)")
     */
    public Optional<String> claim(String ticket) throws IOException {
        Ticket t = find(ticket);
        if (t.isFinished()) {
            throw new StepFailedException("ticket " + ticket + " is closed (" + t.getStatus().name() + ")");
        }
        try {
            return engine.scheduler().tryClaim(ticket);
        } catch (IllegalStateException e) {
            throw new StepFailedException(e.getMessage());
        }
    }

    /**
     * {@code allocatePpa ticket: ID}: {@code [name:, aptLine:]}. A ticket whose turn has not been
     * taken takes it first ({@link #claim}); one that must wait for another is refused with the
     * reason, so no PPA is ever reserved around the conflict rule.
     */
    public Map<String, Object> allocatePpa(String ticket) throws Exception {
        if (engine.tickets().queueTimes(ticket).map(q -> q.started() == null).orElse(true)) {
            Optional<String> waits = claim(ticket);
            if (waits.isPresent()) {
                throw new StepFailedException(waits.get());
            }
        }
        LandingSession session = session(ticket);
        Ppa ppa = session.allocatePpa();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ppa.name());
        m.put("aptLine", engine.steps().aptLine(ppa, session.ticket().getSeries()));
        return m;
    }

    /**
     * {@code buildSource ticket: ID}: builds every upload in build-dependency order and fails the
     * run when the policy stops the landing; with {@code upload:} builds that one only and returns
     * its result, a failure included. Returns {@code [builds: [...]]} or one build.
     */
    public Map<String, Object> buildSource(String ticket, String upload) throws Exception {
        LandingSession session = session(ticket);
        if (upload != null) {
            return build(session.buildSource(session.subticket(upload)));
        }
        List<Map<String, Object>> builds = new ArrayList<>();
        session.buildAll().forEach(b -> builds.add(build(b)));
        requireProceed(session.afterBuilds());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("builds", builds);
        return m;
    }

    /** {@code buildImage ticket: ID}: {@code [reference:, series:, reused:]}. */
    public Map<String, Object> buildImage(String ticket) throws Exception {
        TestImage image = refusalsFail(() -> session(ticket).buildImage());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", image.reference());
        m.put("series", image.series());
        m.put("reused", image.reused());
        m.put("files", names(image.files()));
        return m;
    }

    /**
     * {@code runAutopkgtest ticket: ID}: runs the tests of every built upload, then the triggered
     * tests, and fails the run when they stop the landing; {@code passed} is false when failures
     * were ignored (force-badtest), for the script to mark the run unstable. With {@code upload:},
     * that upload's tests only. {@code hints} (britney's, as {@code lander land --hint}) are
     * checked before anything runs, a bad one failing the step naming it, and added to the
     * ticket's ({@link LandingSession#addHints}).
     */
    public Map<String, Object> runAutopkgtest(String ticket, String upload, List<String> hints) throws Exception {
        List<String> given = hints == null ? List.of() : hints;
        try {
            Hint.parseAll(given);
        } catch (IllegalArgumentException e) {
            throw new StepFailedException("hints: " + e.getMessage());
        }
        LandingSession session = session(ticket);
        refusalsFail(() -> {
            session.addHints(given);
            return null;
        });
        if (upload != null) {
            SubTicket sub = session.subticket(upload);
            return test(refusalsFail(() -> session.runAutopkgtest(sub)));
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        boolean passed = true;
        for (TestResult t : refusalsFail(session::testAll)) {
            tests.add(test(t));
            passed &= t.passed();
        }
        requireProceed(session.afterTests());
        refusalsFail(session::testTriggered);
        requireProceed(session.afterTriggeredTests());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tests", tests);
        m.put("triggered", triggered(session));
        m.put("passed", passed);
        m.put("skipped", session.ticket().getOverrides().skipTests());
        return m;
    }

    /** {@code publish ticket: ID}: publishes what the policy lets through; {@code [packages: [...]]}. */
    public Map<String, Object> publish(String ticket) throws Exception {
        PublishResult published = refusalsFail(() -> session(ticket).publish());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packages", new ArrayList<>(published.packages()));
        return m;
    }

    /**
     * {@code releasePpa ticket: ID, error: MESSAGE}: gives the PPA back and closes the ticket
     * with its verdict; {@code error} is why the run stopped, if it did. Then the ticket's turn is
     * given back, so the tickets waiting for it may land. Returns the final state.
     */
    public Map<String, Object> releasePpa(String ticket, String error) throws Exception {
        LandingSession session = session(ticket);
        Ticket t = session.finish(error == null ? LandingSession.Ending.RAN : LandingSession.Ending.ERROR, error);
        engine.scheduler().release(ticket);
        return closed(t);
    }

    /**
     * Closes a ticket whose run was stopped before it landed (while waiting for its turn), as
     * cancelled: a ticket left queued would keep every later ticket sharing a source package with
     * it waiting. Returns the final state, as {@link #releasePpa} does.
     */
    public Map<String, Object> cancel(String ticket) throws Exception {
        Ticket t = session(ticket).finish(LandingSession.Ending.CANCELLED, null);
        engine.scheduler().release(ticket);
        return closed(t);
    }

    private static Map<String, Object> closed(Ticket t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", t.getCurrentWorkflowStep().code());
        m.put("status", t.getStatus().name());
        m.put("failedStep", t.getFailedStep() == null ? null : t.getFailedStep().code());
        m.put("reason", t.getReason());
        return m;
    }

    private Ticket find(String id) {
        return engine.tickets().find(id).orElseThrow(() -> new StepFailedException("no ticket " + id + " in this Lander"));
    }

    private LandingSession session(String id) throws IOException {
        Ticket ticket = find(id);
        try {
            return engine.session(ticket, listener);
        } catch (InvalidSourceException e) {
            throw new StepFailedException("ticket " + id + ": " + e.getMessage());
        }
    }

    private static void requireProceed(Decision d) {
        if (!d.proceed()) {
            throw new StepFailedException("failed at " + d.failedStep().code() + " (" + d.failedStep().label() + "): "
                    + d.reason());
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    /** A refusal of the policy fails the run with its reason, as a failed step. */
    private static <T> T refusalsFail(Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (LandingRefusedException e) {
            throw new StepFailedException(e.getMessage());
        }
    }

    private static Map<String, Object> build(BuildResult build) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", build.source());
        m.put("version", build.version());
        m.put("state", build.state());
        m.put("succeeded", build.succeeded());
        m.put("reason", build.reason());
        m.put("binaries", new ArrayList<>(build.binaries()));
        m.put("files", names(build.files()));
        return m;
    }

    private static Map<String, Object> test(TestResult test) {
        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (Verdict v : test.verdicts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("test", v.test());
            row.put("result", v.result());
            row.put("superficial", v.superficial());
            row.put("flaky", v.flaky());
            row.put("detail", v.detail());
            verdicts.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", test.source());
        m.put("version", test.version());
        m.put("exitCode", test.exitCode());
        m.put("outcome", test.outcome().name());
        m.put("passed", test.passed());
        m.put("verdicts", verdicts);
        m.put("files", names(test.files()));
        return m;
    }

    /** The regression table's rows as plain maps ({@code source, version, architecture, trigger, verdict, detail}). */
    private static List<Map<String, Object>> triggered(LandingSession session) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        var table = session.triggeredTable();
        for (var r : table.map(io.jenkins.plugins.lander.rdeps.TriggeredTable::results).orElse(List.of())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", r.source());
            row.put("version", r.version());
            row.put("architecture", r.architecture());
            row.put("trigger", r.trigger());
            row.put("verdict", r.verdict().label());
            row.put("detail", r.detail());
            rows.add(row);
        }
        return rows;
    }

    private static List<String> names(List<ArchivedFile> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.name()));
        return names;
    }
}
