package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.repository.TicketRepository;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.Step;
import io.jenkins.plugins.lander.journal.JournaledAction;
import io.jenkins.plugins.lander.landing.LandingPolicy.Decision;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.BaselineCache;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredJunit;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.rdeps.TriggeredTests;
import io.jenkins.plugins.lander.rdeps.TriggeredVerdict;
import io.jenkins.plugins.lander.source.SourceUpload;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ticket's landing as a set of actions any face may call: the {@link Lander} calls them in
 * order, the Jenkins steps one per step. Each action is journaled under its {@link Actions} name
 * (done at most once to completion, resumed after a crash), has its own console log archived
 * whatever happens, and moves the ticket on. The {@link LandingPolicy} is applied here, so no
 * order of calls tests an upload that did not build or publishes one that did not pass.
 *
 * <p>The ticket's final state is saved only once its PPA is released ({@link #finish}): a ticket
 * that shows as finished has nothing left to do, and one killed before that is resumed.
 */
public final class LandingSession {
    private final Engine engine;
    private final Ticket ticket;
    private final List<SourceUpload> uploads;
    private final BuildOrder order;
    private final Journal journal;
    private final LandingListener listener;
    /** The tools this landing ran in this process (several landings may share the process's runner). */
    private final ToolClock clock = new ToolClock();
    private final AtomicLong logBytes = new AtomicLong();

    LandingSession(Engine engine, Ticket ticket, List<SourceUpload> uploads, BuildOrder order, Journal journal,
            LandingListener listener) {
        this.engine = engine;
        this.ticket = ticket;
        this.uploads = uploads;
        this.order = order;
        this.journal = journal;
        this.listener = listener;
    }

    public Ticket ticket() {
        return ticket;
    }

    public Journal journal() {
        return journal;
    }

    /** The ticket's uploads as staged, in the order of its subtickets. */
    public List<SourceUpload> uploads() {
        return uploads;
    }

    /** The subticket of an upload named by its key ({@code hello_2.10-3}) or descriptor file name. */
    public SubTicket subticket(String upload) {
        return ticket.getSubtickets().stream()
                .filter(s -> s.key().equals(upload) || upload.equals(s.getUpload()))
                .findFirst()
                .orElseThrow(() -> new LandingRefusedException("ticket " + ticket.getId() + " has no upload '" + upload
                        + "' (it has " + ticket.getSubtickets().stream().map(SubTicket::key).toList() + ")"));
    }

    // ---- the actions

    /** Reserves the ticket's PPA (waiting while the pool is empty). */
    public Ppa allocatePpa() throws Exception {
        requireOpen();
        return journaled(Actions.ALLOCATE_PPA, Ppa.class, WorkflowStep.QUEUED,
                (console, resuming) -> engine.steps().allocatePpa(ticket.getId(), console));
    }

    public Optional<Ppa> ppa() throws IOException {
        return journal.result(Actions.ALLOCATE_PPA, Ppa.class);
    }

    /**
     * Builds every upload in build-dependency order; uploads of one wave build side by side, up
     * to the engine's parallelism.
     */
    public List<BuildResult> buildAll() throws Exception {
        List<BuildResult> results = new ArrayList<>();
        for (List<Integer> wave : order.waves()) {
            results.addAll(inParallel(wave, i -> buildSource(ticket.getSubtickets().get(i))));
        }
        return results;
    }

    /**
     * Builds one upload into the PPA. An upload whose in-ticket build dependency failed is not
     * built: its result is a dependency wait. One whose dependency is not built yet is refused.
     */
    public BuildResult buildSource(SubTicket sub) throws Exception {
        requireOpen();
        Ppa ppa = requirePpa();
        int index = ticket.getSubtickets().indexOf(sub);
        List<SubTicket> needed = order.needs().get(index).stream().map(ticket.getSubtickets()::get).toList();
        Optional<String> blocker = LandingPolicy.buildBlocker(sub, needed, builds());
        String action = Actions.buildSource(sub);
        Optional<BuildResult> recorded = journal.result(action, BuildResult.class);
        if (recorded.isPresent()) {
            return recorded.get(); // resumed: what it did is on the ticket already
        }
        if (blocker.isPresent()) {
            if (builds().keySet().containsAll(needed.stream().map(SubTicket::key).toList())) {
                BuildResult waiting = new BuildResult(sub.getSourcePackage(), sub.getVersion(), BuildResult.DEPWAIT,
                        blocker.get(), List.of(), List.of());
                journal.record(action, waiting);
                subtick(sub, WorkflowStep.FAILED, TicketStatus.FAILED);
                return waiting;
            }
            throw new LandingRefusedException(blocker.get() + ": build it first");
        }
        enter(WorkflowStep.PACKAGE_BUILDING);
        subtick(sub, WorkflowStep.PACKAGE_BUILDING, TicketStatus.RUNNING);
        SourceUpload upload = uploads.get(index);
        BuildResult build = journaled(action, BuildResult.class, WorkflowStep.PACKAGE_BUILDING,
                (console, resuming) -> engine.steps().buildSource(ppa, upload, ticket.getSeries(),
                        ticket.getOverrides().ignoreArchitectures(), console, resuming));
        archive(sub, build.files());
        if (build.succeeded()) {
            subtick(sub, WorkflowStep.PACKAGE_BUILDING, TicketStatus.COMPLETED);
        } else {
            subtick(sub, WorkflowStep.FAILED, TicketStatus.FAILED);
            tell(action, (o, console) -> o.buildFailed(this, sub, build, console));
        }
        return build;
    }

    /** Builds the test image; refused (and the ticket failed) when the builds do not let the landing go on. */
    public TestImage buildImage() throws Exception {
        requireOpen();
        Ppa ppa = requirePpa();
        requireProceed(afterBuilds());
        enter(WorkflowStep.IMAGE_BUILDING);
        TestImage image = journaled(Actions.BUILD_IMAGE, TestImage.class, WorkflowStep.IMAGE_BUILDING,
                (console, resuming) -> engine.steps().buildImage(ppa, ticket.getSeries(), ticket.getBinaryPackages(),
                        console, resuming));
        archive(null, image.files());
        return image;
    }

    /** Runs the tests of every built upload (none with force-skiptest), with {@code current/total} progress. */
    public List<TestResult> testAll() throws Exception {
        requireImage();
        List<Integer> testable = new ArrayList<>();
        for (int i = 0; i < ticket.getSubtickets().size(); i++) {
            if (LandingPolicy.testable(ticket.getOverrides(), builds().get(ticket.getSubtickets().get(i).key()))) {
                testable.add(i);
            }
        }
        enter(WorkflowStep.IMAGE_TESTING);
        if (ticket.getOverrides().skipTests()) {
            listener.state(ticket, WorkflowStep.IMAGE_TESTING, "SKIPPED", "tests skipped by override (force-skiptest)");
            return List.of();
        }
        int[] done = {0};
        return inParallel(testable, i -> {
            SubTicket sub = ticket.getSubtickets().get(i);
            synchronized (done) {
                listener.progress(ticket, WorkflowStep.IMAGE_TESTING, ++done[0], testable.size(), sub.key());
            }
            return runAutopkgtest(sub);
        });
    }

    /** Runs one upload's tests; refused for an upload that did not build or when tests are skipped. */
    public TestResult runAutopkgtest(SubTicket sub) throws Exception {
        requireOpen();
        Ppa ppa = requirePpa();
        TestImage image = requireImage();
        BuildResult build = builds().get(sub.key());
        if (!LandingPolicy.testable(ticket.getOverrides(), build)) {
            throw new LandingRefusedException(sub.key() + (ticket.getOverrides().skipTests()
                    ? ": tests are skipped for this ticket (force-skiptest)"
                    : " was not built (" + (build == null ? "no build" : build.state()) + "): its tests are not run"));
        }
        String action = Actions.runAutopkgtest(sub);
        Optional<TestResult> recorded = journal.result(action, TestResult.class);
        if (recorded.isPresent()) {
            synchronized (this) {
                if (!sub.getTests().equals(recorded.get().verdicts())) { // killed between the journal and the save
                    sub.setTests(recorded.get().verdicts());
                    engine.tickets().save(ticket);
                }
            }
            return recorded.get();
        }
        enter(WorkflowStep.IMAGE_TESTING);
        subtick(sub, WorkflowStep.IMAGE_TESTING, TicketStatus.RUNNING);
        SourceUpload upload = uploads.get(ticket.getSubtickets().indexOf(sub));
        TestResult result = journaled(action, TestResult.class, WorkflowStep.IMAGE_TESTING,
                (console, resuming) -> engine.steps().runAutopkgtest(image, ppa, upload, console, resuming));
        synchronized (this) {
            sub.setTests(result.verdicts()); // saved with the artifacts, before the subticket moves on
        }
        archive(sub, result.files());
        boolean passed = LandingPolicy.passed(result, engine.settings().requireTests());
        subtick(sub, passed ? WorkflowStep.IMAGE_TESTING : WorkflowStep.FAILED,
                passed ? TicketStatus.COMPLETED : TicketStatus.FAILED);
        return result;
    }

    /**
     * Looks for the tests of other packages the ticket's built uploads trigger (britney's
     * autopkgtest policy: {@link TriggeredTests}), once: the list is journaled, so a resumed
     * landing runs the same tests and loses none.
     */
    public TriggeredTests.Selection findTriggeredTests() throws Exception {
        requireOpen();
        Map<String, BuildResult> builds = builds();
        Ppa ppa = requirePpa();
        return journaled(Actions.FIND_TRIGGERED_TESTS, TriggeredTests.Selection.class, WorkflowStep.IMAGE_TESTING,
                (console, resuming) -> {
                    List<ArchiveIndex> indexes = engine.steps().triggerIndexes(ppa, ticket.getSeries(), console);
                    if (indexes.isEmpty()) {
                        // said so in the log: a backend without triggered tests must not look like one whose found none
                        console.out().println("[lander] " + engine.steps().getClass().getSimpleName()
                                + " looks for no triggered tests: reverse dependencies are not tested");
                    }
                    Set<String> own = new TreeSet<>();
                    ticket.getSubtickets().forEach(s -> own.add(s.getSourcePackage()));
                    Set<String> architectures = engine.steps().testArchitectures(ppa, ticket.getSeries(), console);
                    TriggeredTests.Selection found = TriggeredTests.select(new ArrayList<>(triggers(builds).values()), indexes,
                            architectures, own, engine.settings().triggeredTestsCap());
                    console.out().println("[lander] " + found.run().size() + " triggered tests on "
                            + architectures + (found.notRun().isEmpty() ? ""
                            : ", " + found.notRun().size() + " more past the cap of " + engine.settings().triggeredTestsCap()
                                    + " not run") + ": " + found.run().stream().map(TriggeredTest::key).toList());
                    return found;
                });
    }

    /**
     * Adds hints given where the landing runs (the Jenkins step's {@code hints} argument) to the
     * ticket's own, each checked ({@link Hint#parse}), and saves them in the repository before a
     * test runs, so a resumed landing and every face see the hints its verdicts were decided with.
     * Hints the ticket already has change nothing (a step resumed after a restart gives them
     * again); new ones are refused once its triggered tests have started, since the verdicts
     * recorded so far were decided without them.
     */
    public void addHints(List<String> hints) throws IOException {
        requireOpen();
        List<String> all = new ArrayList<>(ticket.getHints());
        hints.stream().filter(h -> !all.contains(h)).forEach(all::add);
        if (all.size() == ticket.getHints().size()) {
            return;
        }
        if (journal.isStarted(Actions.FIND_TRIGGERED_TESTS) || journal.isDone(Actions.FIND_TRIGGERED_TESTS)) {
            throw new LandingRefusedException("ticket " + ticket.getId() + ": hints " + all.subList(ticket.getHints().size(),
                    all.size()) + " come after its triggered tests started; give them before runAutopkgtest runs them");
        }
        ticket.setHints(all);
        engine.tickets().save(ticket);
    }

    /**
     * Runs every triggered test (none with the ticket's skip_tests), with {@code current/total}
     * progress and the regression table on the ticket as they finish; refused while the
     * ticket's own tests do not let the landing go on.
     */
    public List<TriggeredResult> testTriggered() throws Exception {
        requireOpen();
        requireImage();
        requireProceed(afterTests());
        if (ticket.getOverrides().skipTests() || startedPublishingWithoutThem()) {
            return List.of();
        }
        TriggeredTests.Selection selection = findTriggeredTests();
        if (selection.run().isEmpty() && selection.notRun().isEmpty()) {
            return List.of();
        }
        enter(WorkflowStep.IMAGE_TESTING);
        showTriggered(selection);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < selection.run().size(); i++) {
            all.add(i);
        }
        List<TriggeredResult> results = inParallel(all, i -> {
            TriggeredResult r = runTriggeredTest(selection.run().get(i));
            showTriggered(selection);
            return r;
        });
        archiveTriggeredJunit(selection);
        return results;
    }

    /**
     * Runs one triggered test with the ticket's packages and, when it fails unhinted, compares it
     * with the baseline (cached by package, version, architecture and testbed). Journaled: a
     * finished test is never run again, one a crash interrupted is run again.
     */
    public TriggeredResult runTriggeredTest(TriggeredTest test) throws Exception {
        requireOpen();
        Ppa ppa = requirePpa();
        TestImage image = requireImage();
        Trigger trigger = triggers(builds()).get(test.trigger());
        if (trigger == null) {
            throw new LandingRefusedException(test.key() + ": " + test.trigger() + " is not a built upload of ticket "
                    + ticket.getId());
        }
        List<Hint> hints = Hint.parseAll(ticket.getHints());
        return journaled(Actions.runTriggeredTest(test), TriggeredResult.class, WorkflowStep.IMAGE_TESTING,
                (console, resuming) -> {
                    TestResult with = engine.steps().runTriggeredTest(image, ppa, test, trigger, true, console, resuming);
                    archive(null, with.files());
                    Optional<TriggeredVerdict> early = TriggeredVerdict.withoutBaseline(test, with.exitCode(), hints);
                    if (early.isPresent()) {
                        return TriggeredResult.of(test, early.get(), with.exitCode(), null, LandingPolicy.describe(with)
                                + (early.get() == TriggeredVerdict.IGNORE_FAIL ? " (ignored by hint)" : ""));
                    }
                    String testbed = engine.steps().testbedKey(ppa, ticket.getSeries(), test, console);
                    Optional<BaselineCache.Baseline> cached = engine.baselines().get(test, testbed);
                    BaselineCache.Baseline baseline;
                    if (cached.isPresent()) {
                        baseline = cached.get();
                        console.out().println("[lander] baseline of " + test.sourceKey() + " on " + testbed + ": exit "
                                + baseline.exitCode() + " (cached " + baseline.ranAt() + ")");
                    } else {
                        TestResult without = engine.steps().runTriggeredTest(image, ppa, test, trigger, false, console,
                                resuming);
                        archive(null, without.files());
                        baseline = engine.baselines().put(test, testbed, without.exitCode(), without.verdicts());
                    }
                    TriggeredVerdict v = TriggeredVerdict.fromBaseline(baseline.exitCode());
                    return TriggeredResult.of(test, v, with.exitCode(), baseline.exitCode(), LandingPolicy.describe(with)
                            + (v == TriggeredVerdict.REGRESSION ? "; passes without " + test.trigger()
                            : "; fails without " + test.trigger() + " too"));
                });
    }

    /** The built uploads as triggers, by upload key, with the binary package names their builds made. */
    private Map<String, Trigger> triggers(Map<String, BuildResult> builds) {
        Map<String, Trigger> out = new LinkedHashMap<>();
        for (SubTicket sub : ticket.getSubtickets()) {
            BuildResult b = builds.get(sub.key());
            if (b != null && b.succeeded()) {
                // the local backend names aptly's keys (liba-bin_2.0_all), others .deb files: both start NAME_
                List<String> names = b.binaries().stream().filter(f -> !f.endsWith("_source")).map(Trigger::binaryName)
                        .distinct().toList();
                out.put(sub.key(), new Trigger(sub.getSourcePackage(), sub.getVersion(), names));
            }
        }
        return out;
    }

    /** The regression table as the journal has it now: finished rows, the rest running, those past the cap not run. */
    public Optional<TriggeredTable> triggeredTable() throws IOException {
        Optional<TriggeredTests.Selection> selection = journal.result(Actions.FIND_TRIGGERED_TESTS,
                TriggeredTests.Selection.class);
        if (selection.isEmpty()) {
            return Optional.empty();
        }
        List<TriggeredResult> rows = new ArrayList<>();
        int done = 0;
        for (TriggeredTest t : selection.get().run()) {
            Optional<TriggeredResult> r = journal.result(Actions.runTriggeredTest(t), TriggeredResult.class);
            if (r.isPresent()) {
                done++;
            }
            rows.add(r.orElse(TriggeredResult.of(t, TriggeredVerdict.RUNNING, null, null, null)));
        }
        for (TriggeredTest t : selection.get().notRun()) {
            rows.add(TriggeredResult.of(t, TriggeredVerdict.NOT_RUN, null, null,
                    "past the cap of " + engine.settings().triggeredTestsCap() + " triggered tests"));
        }
        return Optional.of(new TriggeredTable(selection.get().run().size(), done, rows));
    }

    private synchronized void showTriggered(TriggeredTests.Selection selection) throws IOException {
        Optional<TriggeredTable> table = triggeredTable();
        if (table.isEmpty()) {
            return;
        }
        ticket.setTriggeredTests(table.get());
        saveAndTell();
        if (!selection.run().isEmpty()) {
            listener.progress(ticket, WorkflowStep.IMAGE_TESTING, table.get().done(), table.get().total(), "triggered tests");
        }
    }

    /** One JUnit file per triggered package ({@code triggered/SOURCE/junit.xml}), archived with the ticket's results. */
    private void archiveTriggeredJunit(TriggeredTests.Selection selection) throws IOException {
        Optional<TriggeredTable> table = triggeredTable();
        if (table.isEmpty()) {
            return;
        }
        Map<String, List<TriggeredResult>> bySource = new java.util.TreeMap<>();
        table.get().results().forEach(r -> bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r));
        Path dir = engine.ticketDir(ticket.getId()).resolve("work").resolve("triggered");
        List<ArchivedFile> files = new ArrayList<>();
        for (Map.Entry<String, List<TriggeredResult>> e : bySource.entrySet()) {
            Path file = dir.resolve(e.getKey()).resolve("junit.xml");
            TriggeredJunit.write(file, e.getKey(), e.getValue());
            files.add(new ArchivedFile(TriggeredJunit.archiveName(e.getKey()), ArtifactType.RESULTS, file.toString()));
        }
        archive(null, files);
    }

    /** A journal of a Lander without triggered tests whose publish had started: its gates were passed then. */
    private boolean startedPublishingWithoutThem() {
        return (journal.isStarted(Actions.PUBLISH) || journal.isDone(Actions.PUBLISH))
                && !journal.isStarted(Actions.FIND_TRIGGERED_TESTS) && !journal.isDone(Actions.FIND_TRIGGERED_TESTS);
    }

    /** Whether the triggered tests let the landing go on: none regressed unhinted, all finished. */
    public Decision afterTriggeredTests() throws IOException {
        if (ticket.getOverrides().skipTests() || startedPublishingWithoutThem()) {
            return Decision.PROCEED;
        }
        return LandingPolicy.afterTriggeredTests(triggeredTable());
    }

    /** Copies what the policy lets through to the archive; refused when the tests do not let the landing go on. */
    public PublishResult publish() throws Exception {
        requireOpen();
        Ppa ppa = requirePpa();
        requireProceed(afterBuilds());
        requireProceed(afterTests());
        requireProceed(afterTriggeredTests());
        List<SubTicket> subs = publishable();
        List<SourceUpload> chosen = subs.stream().map(s -> uploads.get(ticket.getSubtickets().indexOf(s))).toList();
        enter(WorkflowStep.PACKAGE_PUBLISHING);
        PublishResult published = journaled(Actions.PUBLISH, PublishResult.class, WorkflowStep.PACKAGE_PUBLISHING,
                (console, resuming) -> engine.steps().publish(ppa, ticket.getSeries(), chosen, console, resuming));
        archive(null, published.files());
        for (SubTicket sub : subs) {
            subtick(sub, WorkflowStep.COMPLETE, TicketStatus.COMPLETED);
        }
        return published;
    }

    /**
     * Gives the PPA back (whatever happened before) and saves the ticket's final state: complete
     * when it was published, failed as the policy says, failed with {@code error}, or cancelled.
     * Idempotent: a resumed landing that finds everything done only saves the verdict.
     */
    public Ticket finish(Ending ending, String error) throws IOException {
        releasePpa();
        synchronized (this) {
            if (ticket.isFinished()) {
                return ticket;
            }
            close(ending, error);
        }
        LandingStats stats = stats();
        tell("ended", (o, console) -> o.ended(this, stats, console));
        return ticket;
    }

    /** The verdict: complete when published, cancelled, or failed as the policy or the error says. */
    private void close(Ending ending, String error) throws IOException {
        if (ending == Ending.CANCELLED) {
            close(WorkflowStep.FAILED, TicketStatus.CANCELLED, ticket.getCurrentWorkflowStep(), "cancelled");
        } else if (journal.isDone(Actions.PUBLISH)) {
            close(WorkflowStep.COMPLETE, TicketStatus.COMPLETED, null, null);
        } else {
            Decision d = verdict(ending == Ending.ERROR ? error : null);
            close(WorkflowStep.FAILED, TicketStatus.FAILED, d.failedStep(), d.reason());
        }
    }

    @FunctionalInterface
    private interface Telling {
        void tell(LandingObserver observer, StepConsole console) throws Exception;
    }

    /** Tells every observer, on a console of its own; a failing observer never fails the landing. */
    private void tell(String about, Telling telling) {
        for (LandingObserver o : engine.observers()) {
            Path log = engine.ticketDir(ticket.getId()).resolve("logs").resolve("observers.log");
            try (LoggedConsole console = new LoggedConsole(log, line -> {})) {
                try {
                    telling.tell(o, console);
                } catch (Exception e) {
                    console.out().println("[lander] " + o.getClass().getSimpleName() + " on " + about + ": " + describe(e));
                }
            } catch (IOException e) {
                // no log: the observer's failure is lost, the landing is not
            }
        }
    }

    /** What the landing took, step by step (from the journal, which outlives a crash) and tool by tool. */
    private LandingStats stats() throws IOException {
        LandingStats.Builder b = LandingStats.builder(Long.parseLong(ticket.getId()), ticket.getSeries());
        ticket.getSubtickets().forEach(s -> b.upload(s.getSourcePackage(), s.getVersion()));
        var times = engine.tickets().queueTimes(ticket.getId());
        b.queued(times.map(TicketRepository.QueueTimes::queued).orElse(null));
        b.started(times.map(TicketRepository.QueueTimes::started).filter(java.util.Objects::nonNull).orElse(Instant.now()));
        for (Journal.Entry e : journal.entries()) {
            if (e.took() == null) {
                continue;
            }
            String[] parts = e.action().split("/", 2);
            Optional<Step> step = switch (parts[0]) {
                case Actions.ALLOCATE_PPA -> Optional.of(Step.ALLOCATE);
                case "build-source" -> Optional.of(Step.BUILD);
                case Actions.BUILD_IMAGE -> Optional.of(Step.IMAGE);
                case "run-autopkgtest" -> Optional.of(Step.TEST);
                case Actions.PUBLISH -> Optional.of(Step.PUBLISH);
                case Actions.RELEASE_PPA -> Optional.of(Step.RELEASE);
                default -> Optional.empty();
            };
            if (step.isPresent()) {
                String source = parts.length == 2 ? ticket.getSubtickets().stream().filter(s -> s.key().equals(parts[1]))
                        .map(SubTicket::getSourcePackage).findFirst().orElse(parts[1]) : null;
                if (source == null) {
                    b.step(step.get(), e.took());
                } else {
                    b.step(step.get(), source, e.took());
                }
            }
        }
        b.tools(clock);
        tests().values().forEach(t -> t.verdicts().forEach(
                v -> b.test(t.source(), LandingStats.TestTime.nameOf(v.test()), v.result(), null)));
        for (BuildResult build : builds().values()) {
            b.binaryBytes(BinarySizes.of(build));
        }
        b.logBytes(logBytes.get());
        return b.build(ticket.getStatus(), Instant.now());
    }

    /** How the caller's part of a landing ended, for {@link #finish}. */
    public enum Ending {
        /** Every action the caller meant to run ran (the verdict comes from their results). */
        RAN,
        /** An action threw; the message is the reason. */
        ERROR,
        CANCELLED
    }

    private void releasePpa() throws IOException {
        if (journal.isDone(Actions.RELEASE_PPA)) {
            return;
        }
        Optional<Ppa> ppa = ppa();
        if (ppa.isEmpty()) {
            journal.record(Actions.RELEASE_PPA, null); // nothing was reserved: the landing is closed
            return;
        }
        try {
            journaled(Actions.RELEASE_PPA, Void.class, ticket.getCurrentWorkflowStep(), (console, resuming) -> {
                engine.steps().releasePpa(ppa.get(), console);
                return null;
            });
        } catch (Exception e) {
            // the ticket's verdict stands; the pool's reconcile retries the clean at next start
            listener.state(ticket, ticket.getCurrentWorkflowStep(), "ERROR", "releasing " + ppa.get().name() + ": " + describe(e));
        }
    }

    // ---- decisions

    /** Whether the landing goes on after the builds (a refusal is saved by {@link #finish}). */
    public Decision afterBuilds() throws IOException {
        return LandingPolicy.afterBuilds(ticket.getOverrides(), ticket.getSubtickets(), builds());
    }

    public Decision afterTests() throws IOException {
        return LandingPolicy.afterTests(ticket.getOverrides(), ticket.getSubtickets(), builds(), tests(),
                engine.settings().requireTests());
    }

    /**
     * Why a landing that did not publish failed: the package's own failure when every upload of a
     * step has its result (a failed build, failed tests), else the error that stopped it.
     */
    private Decision verdict(String error) throws IOException {
        Map<String, BuildResult> builds = builds();
        if (builds.size() == ticket.getSubtickets().size()) {
            Decision d = afterBuilds();
            if (!d.proceed()) {
                return d;
            }
            boolean allTested = ticket.getSubtickets().stream()
                    .filter(s -> LandingPolicy.testable(ticket.getOverrides(), builds.get(s.key())))
                    .allMatch(s -> journal.isDone(Actions.runAutopkgtest(s)));
            if (journal.isDone(Actions.BUILD_IMAGE) && allTested) {
                d = afterTests();
                if (!d.proceed()) {
                    return d;
                }
                Optional<TriggeredTable> triggered = triggeredTable();
                if (triggered.isPresent() && triggered.get().done() == triggered.get().total()) {
                    d = afterTriggeredTests();
                    if (!d.proceed()) {
                        return d;
                    }
                }
            }
        }
        return Decision.fail(ticket.getCurrentWorkflowStep(), error != null ? error : "the landing stopped before publishing");
    }

    public List<SubTicket> publishable() throws IOException {
        return LandingPolicy.publishable(ticket.getOverrides(), ticket.getSubtickets(), builds(), tests(),
                engine.settings().requireTests());
    }

    /** The recorded builds, by upload key. */
    public Map<String, BuildResult> builds() throws IOException {
        Map<String, BuildResult> out = new LinkedHashMap<>();
        for (SubTicket sub : ticket.getSubtickets()) {
            journal.result(Actions.buildSource(sub), BuildResult.class).ifPresent(b -> out.put(sub.key(), b));
        }
        return out;
    }

    public Map<String, TestResult> tests() throws IOException {
        Map<String, TestResult> out = new LinkedHashMap<>();
        for (SubTicket sub : ticket.getSubtickets()) {
            journal.result(Actions.runAutopkgtest(sub), TestResult.class).ifPresent(t -> out.put(sub.key(), t));
        }
        return out;
    }

    private void requireProceed(Decision d) {
        if (!d.proceed()) {
            throw new LandingRefusedException("ticket " + ticket.getId() + " failed at " + d.failedStep().code() + " ("
                    + d.failedStep().label() + "): " + d.reason());
        }
    }

    private void requireOpen() {
        if (ticket.isFinished()) {
            throw new LandingRefusedException("ticket " + ticket.getId() + " is closed ("
                    + ticket.getCurrentWorkflowStep().code() + " " + ticket.getStatus() + ")");
        }
    }

    private Ppa requirePpa() throws IOException {
        return ppa().orElseThrow(() -> new LandingRefusedException(
                "ticket " + ticket.getId() + " holds no PPA: allocate one first"));
    }

    private TestImage requireImage() throws IOException {
        return journal.result(Actions.BUILD_IMAGE, TestImage.class).orElseThrow(() -> new LandingRefusedException(
                "ticket " + ticket.getId() + " has no test image: build it first"));
    }

    // ---- running actions

    @FunctionalInterface
    private interface StepCall<T> {
        T call(StepConsole console, boolean resuming) throws Exception;
    }

    /** Runs one journaled action with its own console log, archived whatever the outcome. */
    private <T> T journaled(String action, Class<T> type, WorkflowStep step, StepCall<T> call) throws Exception {
        Path logFile = engine.ticketDir(ticket.getId()).resolve("logs").resolve(Actions.logName(action));
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
        try (console; ToolClock.Scope charged = ToolClock.charging(clock)) {
            return journal.run(action, type, body);
        } finally {
            if (Files.exists(logFile)) {
                String name = Actions.archivedLog(action);
                String reference = engine.store().put(ticket.container(), name, logFile, Visibility.PUBLIC).toString();
                synchronized (this) {
                    addArtifact(null, name, ArtifactType.LOGS, reference);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs the tasks side by side up to the engine's parallelism; the first failure stops the rest. */
    private <T> List<T> inParallel(List<Integer> indexes, Task<T> task) throws Exception {
        if (indexes.size() <= 1 || engine.parallelism() <= 1) {
            List<T> out = new ArrayList<>();
            for (int i : indexes) {
                out.add(task.run(i));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(indexes.size(), engine.parallelism()), r -> {
            Thread t = new Thread(r, "landing " + ticket.getId());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i : indexes) {
                futures.add(pool.submit(() -> task.run(i)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private void archive(SubTicket sub, List<ArchivedFile> files) throws IOException {
        List<Artifact> stored = new ArrayList<>();
        for (ArchivedFile f : files) {
            Path path = Path.of(f.path());
            if (!Files.isRegularFile(path)) {
                continue; // a step may list a file it could not produce (e.g. no log before a crash)
            }
            stored.add(new Artifact(f.name(), f.type(),
                    engine.store().put(ticket.container(), f.name(), path, Visibility.PUBLIC).toString()));
            if (f.type() == ArtifactType.LOGS) {
                logBytes.addAndGet(Files.size(path));
            }
        }
        synchronized (this) {
            stored.forEach(a -> addArtifact(sub, a.name(), a.type(), a.reference()));
            engine.tickets().save(ticket);
        }
    }

    private void addArtifact(SubTicket sub, String name, ArtifactType type, String reference) {
        List<Artifact> list = sub == null ? ticket.getArtifacts() : sub.getArtifacts();
        list.removeIf(a -> a.name().equals(name));
        list.add(new Artifact(name, type, reference));
    }

    // ---- the ticket's state

    /** Moves the ticket to a later step (never back, never out of a final state). */
    private synchronized void enter(WorkflowStep step) {
        if (ticket.isFinished() || (ticket.getCurrentWorkflowStep() == step && ticket.getStatus() == TicketStatus.RUNNING)
                || ticket.getCurrentWorkflowStep().code() > step.code()) {
            return;
        }
        ticket.setCurrentWorkflowStep(step);
        ticket.setStatus(TicketStatus.RUNNING);
        saveAndTell();
    }

    private synchronized void subtick(SubTicket sub, WorkflowStep step, TicketStatus status) {
        sub.setCurrentWorkflowStep(step);
        sub.setStatus(status);
        saveAndTell();
    }

    private void close(WorkflowStep step, TicketStatus status, WorkflowStep failedStep, String reason) {
        ticket.setFailedStep(failedStep);
        ticket.setReason(reason);
        ticket.setCurrentWorkflowStep(step);
        ticket.setStatus(status);
        if (status == TicketStatus.CANCELLED) {
            for (SubTicket sub : ticket.getSubtickets()) {
                if (!sub.getStatus().isFinal()) {
                    sub.setStatus(TicketStatus.CANCELLED);
                }
            }
        }
        saveAndTell();
    }

    private void saveAndTell() {
        engine.tickets().save(ticket);
        try {
            listener.ticketChanged(ticket);
        } catch (UncheckedIOException e) {
            // a listener that cannot report (Ticket System down) must not stop the landing
        }
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
