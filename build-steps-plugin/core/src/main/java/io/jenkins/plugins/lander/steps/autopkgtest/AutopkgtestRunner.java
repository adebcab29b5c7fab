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
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Test Runner: {@code autopkgtest DSC DEBS… -- VIRT-SERVER ARGS…} on the {@link Testbed}'s
 * virt-server (unshare by default). Before the tests,
 * the testbed's apt sources are pointed at the current PPA URL and refreshed (the image may have
 * been built by another Lander process, whose repository server listened on another port).
 * A testbed failure (exit 16) is retried once; both attempts' logs are kept.
 */
public final class AutopkgtestRunner {
    static final int TESTBED_FAILURE = 16;
    private static final Pattern TEST_START = Pattern.compile("^autopkgtest \\[[0-9:]+\\]: test (\\S+): \\[-+$");
    private static final Set<String> RESULT_FILES = Set.of("summary", "junit.xml", "results.subunit");

    private final Testbed testbed;
    private final PpaBackend ppas;
    private final String mirror;
    private final ProcessRunner runner;

    public AutopkgtestRunner(Testbed testbed, PpaBackend ppas, String mirror, ProcessRunner runner) {
        this.testbed = testbed;
        this.ppas = ppas;
        this.mirror = mirror;
        this.runner = runner;
    }

    /** Re-running after a crash is safe: the tests change nothing outside their throw-away testbed. */
    public TestResult run(TestImage image, Ppa ppa, SourceUpload upload, StepConsole console) throws Exception {
        String key = upload.key();
        Path dir = console.workDir().resolve("autopkgtest").resolve(key);
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        List<String> tests = declaredTests(upload, dir, console);
        List<Path> debs = ppas.debsOf(ppa.name(), upload.source(), upload.version(), console.out()::println).stream()
                .filter(d -> !d.getFileName().toString().contains("-dbgsym_"))
                .toList();
        console.out().println("testing " + key + " (" + (tests.isEmpty() ? "tests not declared in debian/tests/control"
                : tests.size() + " tests: " + String.join(", ", tests)) + ") on " + image.reference());
        List<ArchivedFile> files = new ArrayList<>();
        Path out = dir.resolve("output");
        int exit = attempt(image, ppa, upload, debs, out, tests.size(), console);
        if (exit == TESTBED_FAILURE) {
            Path first = dir.resolve("attempt-1");
            Files.move(out, first);
            files.add(new ArchivedFile(key + "/autopkgtest/attempt-1/log", ArtifactType.LOGS, first.resolve("log").toString()));
            console.out().println("testbed failure (exit 16): retrying once");
            exit = attempt(image, ppa, upload, debs, out, tests.size(), console);
        }
        List<Verdict> verdicts = verdicts(out, exit);
        TestLogs logs = new TestLogs(out);
        JunitWriter.write(out.resolve("junit.xml"), key, upload.source(), verdicts, logs);
        SubunitWriter.write(out.resolve("results.subunit"), verdicts, logs);
        files.addAll(outputFiles(key, out));
        TestOutcome outcome = TestOutcome.fromExitCode(exit);
        console.state(outcome.name(), key + ": autopkgtest exit " + exit + ", " + tally(verdicts));
        return new TestResult(upload.source(), upload.version(), exit, outcome, verdicts, files);
    }

    private int attempt(TestImage image, Ppa ppa, SourceUpload upload, List<Path> debs, Path out, int total,
            StepConsole console) throws Exception {
        String series = image.series();
        String sources = "printf '%s\\n' 'deb " + mirror + " " + series + " main' '" + ppas.aptLine(ppa.name(), series)
                + "' > /etc/apt/sources.list && apt-get update -q";
        List<String> argv = new ArrayList<>(List.of("autopkgtest", "--output-dir=" + out, "--setup-commands=" + sources,
                upload.dsc().toAbsolutePath().toString()));
        debs.forEach(d -> argv.add(d.toString()));
        argv.add("--");
        argv.addAll(testbed.virtServer(image));
        AtomicInteger current = new AtomicInteger();
        console.progress(0, total, "starting the testbed");
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

    /** The tests the source declares, from its unpacked debian/tests/control (empty when it has none). */
    private List<String> declaredTests(SourceUpload upload, Path dir, StepConsole console) throws Exception {
        Path tree = dir.resolve("source");
        ProcessRunner.Result r = runner.run(
                Command.of("dpkg-source", "--no-check", "-x", upload.dsc().toAbsolutePath().toString(), tree.toString()),
                console.out()::println);
        Path control = tree.resolve("debian/tests/control");
        List<String> names = r.ok() && Files.isRegularFile(control)
                ? TestControl.testNames(Files.readString(control, StandardCharsets.UTF_8))
                : List.of();
        FileTrees.delete(tree);
        return names;
    }

    /** The summary's verdicts; a run that wrote none while failing gets one ERROR verdict saying so. */
    private static List<Verdict> verdicts(Path out, int exit) throws IOException {
        Path summary = out.resolve("summary");
        List<Verdict> verdicts = new ArrayList<>(Files.isRegularFile(summary)
                ? SummaryParser.parse(Files.readAllLines(summary, StandardCharsets.UTF_8))
                : List.of());
        if (verdicts.isEmpty() && exit != 0 && exit != 8) {
            verdicts.add(new Verdict("autopkgtest", SummaryParser.ERROR, false,
                    "autopkgtest exited " + exit + " without a summary; see its log"));
        }
        return verdicts;
    }

    private static List<ArchivedFile> outputFiles(String key, Path out) throws IOException {
        List<ArchivedFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(out)) {
            for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                ArtifactType type = RESULT_FILES.contains(name) ? ArtifactType.RESULTS : ArtifactType.LOGS;
                files.add(new ArchivedFile(key + "/autopkgtest/" + name, type, f.toString()));
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
