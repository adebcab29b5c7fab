package io.jenkins.plugins.lander.steps.autopkgtest;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestOutcome;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.datastore.Names;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.repo.AptSources;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.steps.testbed.TestbedChoice;
import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Test Runner: {@code autopkgtest DSC DEBS… -- VIRT-SERVER ARGS…} on the virt-server of the
 * {@link Testbed} the {@link TestbedChoice} picks for the upload's test restrictions (unshare by
 * default, qemu for tests that need {@code isolation-machine}). Before the tests,
 * the testbed's apt sources are pointed at the current PPA URL and refreshed (the image may have
 * been built by another Lander process, whose repository server listened on another port).
 * A testbed failure (exit 16) is retried once; both attempts' logs are kept. The testbed's apt
 * sources are the series' {@link AptSources} (the mirror, -updates, -security, the Lander's
 * archive) and the PPA. A package with no {@code debian/tests} but a {@code Testsuite:
 * autopkgtest-pkg-*} field gets its tests from autodep8, which autopkgtest runs by itself. What
 * the tests write to {@code $AUTOPKGTEST_ARTIFACTS} ({@code OUTDIR/artifacts}) is archived under
 * {@code SOURCE_VERSION/autopkgtest/artifacts/}.
 */
public final class AutopkgtestRunner {
    static final int TESTBED_FAILURE = 16;
    /** No tests in the package, or every test skipped. */
    static final int NO_TESTS_RAN = 8;
    private static final Pattern TEST_START = Pattern.compile("^autopkgtest \\[[0-9:]+\\]: test (\\S+): \\[-+$");
    /** The tested package's binaries come from the archive, never from a build in the testbed. */
    private static final List<String> NO_BUILD = List.of("--no-built-binaries");
    private static final Set<String> RESULT_FILES = Set.of("summary", "junit.xml", "results.subunit");

    private final TestbedChoice testbeds;
    private final PpaBackend ppas;
    private final AptSources sources;
    private final ProcessRunner runner;

    public AutopkgtestRunner(TestbedChoice testbeds, PpaBackend ppas, AptSources sources, ProcessRunner runner) {
        this.testbeds = testbeds;
        this.ppas = ppas;
        this.sources = sources;
        this.runner = runner;
    }

    /** Re-running after a crash is safe: the tests change nothing outside their throw-away testbed. */
    public TestResult run(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console) throws Exception {
        return run(image, ppa, upload, console, "local");
    }

    /** @param ticket the ticket the tests are for (a remote testbed tags its servers with it) */
    public TestResult run(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, String ticket)
            throws Exception {
        String key = upload.key();
        Path dir = console.workDir().resolve("autopkgtest").resolve(key);
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        Declared declared = declaredTests(upload, dir, console);
        List<String> tests = declared.names();
        Testbed testbed = testbeds.forTests(declared.restrictions(), console.out()::println);
        testbed.prepare(image.series(), console);
        List<Path> debs = ppas.debsOf(ppa.name(), upload.source(), upload.version(), console.out()::println).stream()
                .filter(d -> !d.getFileName().toString().contains("-dbgsym_"))
                .toList();
        console.out().println("testing " + key + " (" + (tests.isEmpty() ? "tests not declared in debian/tests/control"
                + (declared.testsuite().isEmpty() ? "" : "; Testsuite: " + declared.testsuite() + " (autodep8)")
                : tests.size() + " tests: " + String.join(", ", tests)) + ") on " + image.reference()
                + " in the " + testbed.name() + " testbed");
        List<ArchivedFile> files = new ArrayList<>();
        Path out = dir.resolve("output");
        int exit = attempt(testbed.virtServer(image, ticket), testbed, image, ppa, upload, debs, out, tests.size(), console);
        if (exit == TESTBED_FAILURE) {
            Path first = dir.resolve("attempt-1");
            Files.move(out, first);
            files.add(new ArchivedFile(key + "/autopkgtest/attempt-1/log", ArtifactType.LOGS, first.resolve("log").toString()));
            console.out().println("testbed failure (exit 16): retrying once");
            exit = attempt(testbed.virtServer(image, ticket), testbed, image, ppa, upload, debs, out, tests.size(), console);
        }
        List<Verdict> verdicts = verdicts(out, exit, declared.flaky());
        TestLogs logs = new TestLogs(out);
        JunitWriter.write(out.resolve("junit.xml"), key, upload.source(), verdicts, logs);
        SubunitWriter.write(out.resolve("results.subunit"), verdicts, logs);
        files.addAll(outputFiles(key + "/autopkgtest", out));
        files.addAll(artifacts(key + "/autopkgtest", out.resolve("artifacts"), console));
        TestOutcome outcome = TestOutcome.fromExitCode(exit);
        console.state(outcome.name(), key + ": autopkgtest exit " + exit + ", " + tally(verdicts));
        return new TestResult(upload.source(), upload.version(), exit, outcome, verdicts, files);
    }

    private int attempt(List<String> virtServer, Testbed testbed, TestImage image, Ppa ppa, SourceUpload upload, List<Path> debs, Path out, int total,
            StepConsole console) throws Exception {
        String series = image.series();
        List<String> lines = new ArrayList<>(this.sources.all(series));
        lines.add(ppas.aptLine(ppa.name(), series));
        return attempt(virtServer, testbed, lines, List.of(), upload.dsc().toAbsolutePath().toString(), debs, out,
                total, console);
    }

    /**
     * One autopkgtest run of {@code tested} (a {@code .dsc} path, or a source name apt fetches)
     * with {@code debs} on {@code testbed}, whose apt sources are exactly {@code lines} as the
     * testbed reaches them.
     */
    private int attempt(List<String> virtServer, Testbed testbed, List<String> lines, List<String> options,
            String tested, List<Path> debs, Path out, int total, StepConsole console) throws Exception {
        List<String> reached = lines.stream().map(testbed::reach).toList();
        // every line is of the mirror's checked URL alphabet and the backend's own URLs: no quote in any
        String sources = "printf '%s\\n' '" + String.join("' '", reached) + "' > /etc/apt/sources.list && apt-get update -q";
        List<String> argv = new ArrayList<>(List.of("autopkgtest", "--output-dir=" + out, "--setup-commands=" + sources));
        argv.addAll(options);
        argv.add(tested);
        debs.forEach(d -> argv.add(d.toString()));
        argv.add("--");
        argv.addAll(virtServer);
        AtomicInteger current = new AtomicInteger();
        if (total > 0) {
            console.progress(0, total, "starting the testbed");
        } else {
            console.out().println("starting the testbed"); // a triggered package's tests are not counted beforehand
        }
        ProcessRunner.Result r = runner.run(Command.of(argv), line -> {
            console.out().println(line);
            Matcher m = TEST_START.matcher(line);
            if (m.matches()) {
                int n = current.incrementAndGet();
                console.progress(n, Math.max(n, total), "test " + m.group(1));
            }
        });
        return r.exitCode();
    }

    /**
     * Runs a triggered test: the archive package {@code dsc}'s DEP-8 tests on {@code image} with
     * the series' {@link AptSources} (mirror, -updates, -security, the Lander's archive) and,
     * {@code withTrigger}, the trigger's binaries from the PPA given to autopkgtest as packages to
     * use (it pins them over the archive, and nothing else of the PPA is seen); without them it is
     * the baseline. A testbed failure is retried once, as for the ticket's own tests.
     */
    public TestResult runTriggered(TestImage image, Ppa ppa, TriggeredTest test, Trigger trigger, boolean withTrigger,
            Path dsc, StepConsole console, String ticket) throws Exception {
        String run = withTrigger ? "with-" + trigger.key() : "baseline";
        String prefix = "triggered/" + test.source() + "/" + test.architecture() + "/" + run;
        Path dir = console.workDir().resolve("triggered").resolve(test.source() + "_" + test.architecture()).resolve(run);
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        List<Path> debs = withTrigger
                ? ppas.debsOf(ppa.name(), trigger.source(), trigger.version(), console.out()::println).stream()
                        .filter(d -> !d.getFileName().toString().contains("-dbgsym_")).toList()
                : List.of();
        console.out().println("testing " + test.sourceKey() + " on " + test.architecture() + (withTrigger
                ? " with " + debs.stream().map(d -> d.getFileName().toString()).toList() + " from " + ppa.name()
                : " without " + trigger.key() + " (baseline)"));
        List<String> lines = sources.all(image.series());
        // the archive's source is not unpacked, so its restrictions are unknown: the chosen testbed (or the default)
        Testbed testbed = testbeds.forTests(Set.of(), console.out()::println);
        testbed.prepare(image.series(), console);
        List<ArchivedFile> files = new ArrayList<>();
        Path out = dir.resolve("output");
        int exit = attempt(testbed.virtServer(image, ticket), testbed, lines, NO_BUILD, dsc.toString(), debs, out, 0,
                console);
        if (exit == TESTBED_FAILURE) {
            Path first = dir.resolve("attempt-1");
            Files.move(out, first);
            files.add(new ArchivedFile(prefix + "/attempt-1/log", ArtifactType.LOGS, first.resolve("log").toString()));
            console.out().println("testbed failure (exit 16): retrying once");
            exit = attempt(testbed.virtServer(image, ticket), testbed, lines, NO_BUILD, dsc.toString(), debs, out, 0,
                    console);
        }
        // flaky restrictions are not read here: the archive's source is not unpacked
        List<Verdict> verdicts = verdicts(out, exit, Set.of());
        files.addAll(outputFiles(prefix, out));
        files.addAll(artifacts(prefix, out.resolve("artifacts"), console));
        console.state(TestOutcome.fromExitCode(exit).name(), test.key() + " " + run + ": autopkgtest exit " + exit + ", "
                + tally(verdicts));
        return new TestResult(test.source(), test.version(), exit, TestOutcome.fromExitCode(exit), verdicts, files);
    }

    /**
     * What the source declares: its tests from debian/tests/control (none when it has no such
     * file), those marked flaky, its {@code Testsuite} field (autodep8's cue), and every
     * restriction its tests declare (which testbed they need).
     */
    private record Declared(List<String> names, Set<String> flaky, String testsuite, Set<String> restrictions) {}

    private Declared declaredTests(SourceUpload upload, Path dir, StepConsole console) throws Exception {
        Path tree = dir.resolve("source");
        ProcessRunner.Result r = runner.run(
                Command.of("dpkg-source", "--no-check", "-x", upload.dsc().toAbsolutePath().toString(), tree.toString()),
                console.out()::println);
        Path control = tree.resolve("debian/tests/control");
        String text = r.ok() && Files.isRegularFile(control, LinkOption.NOFOLLOW_LINKS)
                ? Files.readString(control, StandardCharsets.UTF_8)
                : "";
        Path sourceControl = tree.resolve("debian/control");
        String testsuite = r.ok() && Files.isRegularFile(sourceControl, LinkOption.NOFOLLOW_LINKS)
                ? TestControl.testsuite(Files.readString(sourceControl, StandardCharsets.UTF_8))
                : "";
        if (text.isEmpty() && !testsuite.isEmpty()) {
            text = generated(tree); // what autopkgtest will run, for the progress
        }
        FileTrees.delete(tree);
        return new Declared(TestControl.testNames(text), TestControl.withRestriction(text, "flaky"), testsuite,
                TestControl.restrictions(text));
    }

    /** The control file autodep8 generates for the tree ("" when it generates none). */
    private String generated(Path tree) throws Exception {
        List<String> out = new ArrayList<>();
        ProcessRunner.Result r = runner.run(Command.of("autodep8").in(tree), out::add);
        return r.ok() ? String.join("\n", out) : "";
    }

    /**
     * The summary's verdicts, tests marked flaky flagged so; a run that wrote none while failing
     * gets one ERROR verdict saying so, and one that tested nothing a NEUTRAL "no tests".
     */
    private static List<Verdict> verdicts(Path out, int exit, Set<String> flaky) throws IOException {
        Path summary = out.resolve("summary");
        List<Verdict> verdicts = new ArrayList<>();
        if (Files.isRegularFile(summary)) {
            for (Verdict v : SummaryParser.parse(Files.readAllLines(summary, StandardCharsets.UTF_8))) {
                verdicts.add(flaky.contains(v.test())
                        ? new Verdict(v.test(), v.result(), v.superficial(), true, v.detail()) : v);
            }
        }
        if (verdicts.isEmpty() && exit != 0 && exit != NO_TESTS_RAN) {
            verdicts.add(new Verdict("autopkgtest", SummaryParser.ERROR, false,
                    "autopkgtest exited " + exit + " without a summary; see its log"));
        }
        boolean neutral = verdicts.stream().anyMatch(v -> v.result().equals(Verdict.NEUTRAL));
        if (exit == NO_TESTS_RAN && !neutral && verdicts.stream().noneMatch(Verdict::ran)) {
            verdicts.add(new Verdict(Verdict.NO_TESTS, Verdict.NEUTRAL, false,
                    verdicts.isEmpty() ? "no tests in this package" : "every test was skipped"));
        }
        return verdicts;
    }

    /**
     * The files the tests left in {@code $AUTOPKGTEST_ARTIFACTS}: regular files only (a symbolic
     * link a test made could point anywhere on this machine), under names the data store accepts.
     */
    private static List<ArchivedFile> artifacts(String prefix, Path dir, StepConsole console) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<ArchivedFile> files = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path f : tree.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String name = prefix + "/artifacts/" + dir.relativize(f).toString().replace('\\', '/');
                try {
                    Names.checkName(name);
                } catch (IllegalArgumentException e) {
                    console.out().println("test artifact not archived: " + e.getMessage());
                    continue;
                }
                files.add(new ArchivedFile(name, ArtifactType.RESULTS, f.toString()));
            }
        }
        if (!files.isEmpty()) {
            console.out().println(prefix + ": " + files.size() + " test artifacts");
        }
        return files;
    }

    private static List<ArchivedFile> outputFiles(String prefix, Path out) throws IOException {
        List<ArchivedFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(out)) {
            for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                ArtifactType type = RESULT_FILES.contains(name) ? ArtifactType.RESULTS : ArtifactType.LOGS;
                files.add(new ArchivedFile(prefix + "/" + name, type, f.toString()));
            }
        }
        return files;
    }

    private static String tally(List<Verdict> verdicts) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        verdicts.forEach(v -> counts.merge(v.result(), 1L, Long::sum));
        return counts.isEmpty() ? "no verdicts" : counts.toString();
    }

}
