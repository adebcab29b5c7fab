package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.Intake;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.stats.StatsRepository;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.jenkins.plugins.lander.steps.testbed.TestbedKind;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lander land SOURCE...}: one ticket for the uploads, landed here and now. */
@Command(name = "land", mixinStandardHelpOptions = true, description = {
    "Land source uploads (.dsc or _source.changes) as one ticket: PPA, build, image, tests, publish.",
    "Unfinished tickets of the data directory are resumed first.",
    "Exit status: 0 completed, 1 failed, 2 bad usage or bad input."
})
final class LandCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Mixin
    OutputOptions output;

    @Option(names = "--series", paramLabel = "NAME", defaultValue = "bookworm", description = "Series to build and test on (default: ${DEFAULT-VALUE}).")
    String series;

    @Option(names = {"-t", "--title"}, description = "Ticket title (default: the uploads).")
    String title;

    @Option(names = {"-o", "--owner"}, description = "Ticket owner (default: $USER).")
    String owner;

    @Option(names = {"-b", "--binary"}, paramLabel = "PACKAGE", split = ",", description = "Binary packages to install in the test image.")
    List<String> binaries = new ArrayList<>();

    @Option(names = "--ignore-arch", paramLabel = "ARCH", split = ",", description = "Architectures not to build or test.")
    Set<String> ignoredArchitectures = new LinkedHashSet<>();

    @Option(names = "--ignore-failure", paramLabel = "STEP", split = ",",
            description = "Steps whose failure does not fail the ticket, e.g. image-testing (force-badtest).")
    Set<String> ignoredFailures = new LinkedHashSet<>();

    @Option(names = "--skip-tests", description = "Do not run autopkgtest (force-skiptest).")
    boolean skipTests;

    @Option(names = "--require-tests",
            description = "An upload that tests nothing (no tests, or all skipped) fails the ticket at 400 (default: $LANDER_REQUIRE_TESTS, require-tests= in DATA/lander.conf, else no).")
    boolean requireTests;

    @Option(names = "--hint", paramLabel = "HINT",
            description = "A britney hint about triggered tests, repeatable: 'force-badtest SRC/VERSION[/ARCH]' ignores failures of"
                    + " SRC's tests up to VERSION, 'force-skiptest SRC/VERSION' every triggered test result of that upload.")
    List<String> hints = new ArrayList<>();

    @Option(names = "--keyring", paramLabel = "FILE",
            description = "Accept only uploads signed by a key of this binary OpenPGP keyring (default: $LANDER_KEYRING, keyring= in DATA/lander.conf).")
    Path keyring;

    @Option(names = "--notify", paramLabel = "MODE",
            description = "Mail about the ticket: yes, dry-run (write the mail to the ticket's log) or no (default: $LANDER_NOTIFY, else no).")
    String notify;

    @Option(names = "--automatic",
            description = "The ticket is made by a machine (a sync), not a person: no mail about it unless LANDER_NOTIFY_AUTOMATIC=yes.")
    boolean automatic;

    @Option(names = "--testbed", paramLabel = "NAME",
            description = "Where the tests run: unshare, qemu or nova (default: $LANDER_TESTBED, testbed= in DATA/lander.conf,"
                    + " else unshare, with qemu for tests that need isolation-machine).")
    String testbed;

    @Option(names = "--timings", paramLabel = "FILE", hidden = true,
            description = "Write wall time and time inside external tools as JSON (for scripts/bench-landing).")
    Path timings;

    @Parameters(paramLabel = "SOURCE", arity = "1..*", description = ".dsc or _source.changes files")
    List<Path> sources;

    @Override
    public Integer call() throws Exception {
        List<SourceUpload> uploads = readUploads(sources);
        Ticket draft = draft(uploads);
        DataDirectory dir = keyring == null ? DataDirectory.of(data.resolve())
                : DataDirectory.of(data.resolve()).with("keyring", keyring.toAbsolutePath().toString());
        if (notify != null) {
            dir = dir.withEnvironment("LANDER_NOTIFY", notify);
        }
        if (requireTests) {
            dir = dir.withEnvironment("LANDER_REQUIRE_TESTS", "yes");
        }
        dir.requireTests(); // a bad setting is refused before anything changes
        if (testbed != null) {
            try {
                dir = dir.withEnvironment("LANDER_TESTBED", TestbedKind.parse(testbed).label());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--testbed: " + e.getMessage());
            }
        }
        dir.testbed(); // before the data directory is opened, so a bad name changes nothing
        // before the data directory is opened, so a bad keyring or mail setting changes nothing
        dir.keyring().ifPresent(LandCommand::requireKeyring);
        dir.triggeredTestsCap();
        try {
            NotifySettings.fromEnvironment(dir.environment());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        try {
            // before the data directory is opened, so a bad series changes nothing
            Intake.requireKnownSeries(dir.backendConfig().series(), series);
        } catch (InvalidSourceException e) {
            throw new BadInputException(e.getMessage());
        }
        long start = System.nanoTime();
        try (LanderEnvironment env = LanderEnvironment.open(dir, System.err, Duration.ofSeconds(30), LanderEnvironment.Links.NONE)) {
            Engine engine = env.engine();
            ConsoleReporter reporter = output.reporter();
            Resumption resumed = Resumption.start(env, reporter, System.err);
            Scheduler.Claim claim;
            try {
                claim = engine.intake().submit(draft, uploads);
            } catch (InvalidSourceException e) {
                throw new BadInputException(e.getMessage());
            }
            Ticket done;
            try (claim) {
                engine.scheduler().awaitTurn(claim.ticket(), message -> System.err.println("lander: " + message));
                done = engine.lander(reporter).land(claim.ticket());
            }
            resumed.await();
            output.printLanded(done, new StatsRepository(env.database()).find(Long.parseLong(done.getId())).map(TimeTable::new));
            if (timings != null) {
                Timings.write(timings, System.nanoTime() - start, env.steps().toolClock());
            }
            return TicketCommand.exitCode(done);
        }
    }

    private static void requireKeyring(Path file) {
        try {
            SignatureVerifier.withKeyring(file, null);
        } catch (java.io.IOException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static List<SourceUpload> readUploads(List<Path> sources) throws java.io.IOException {
        SourceUploadReader reader = new SourceUploadReader();
        List<SourceUpload> uploads = new ArrayList<>();
        for (Path source : sources) {
            try {
                uploads.add(reader.read(source.toAbsolutePath()));
            } catch (InvalidSourceException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        return uploads;
    }

    Ticket draft(List<SourceUpload> uploads) {
        Ticket t = new Ticket();
        t.setTitle(title != null ? title : String.join(" ", uploads.stream().map(SourceUpload::key).toList()));
        t.setDescription("landed with lander land");
        t.setOwner(owner != null ? owner : System.getProperty("user.name"));
        t.setSeries(series);
        t.setBinaryPackages(binaries);
        Set<WorkflowStep> ignored = new LinkedHashSet<>();
        for (String s : ignoredFailures) {
            try {
                ignored.add(WorkflowStep.parse(s));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--ignore-failure: unknown step '" + s + "'");
            }
        }
        try {
            t.setOverrides(new Overrides(ignoredArchitectures, ignored, skipTests));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        try {
            t.setHints(hints);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--hint: " + e.getMessage());
        }
        t.setOrigin(Origin.CLI);
        t.setAutomatic(automatic);
        return t;
    }
}
