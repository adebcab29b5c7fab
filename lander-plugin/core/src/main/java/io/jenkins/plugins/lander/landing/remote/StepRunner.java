package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.DebianNames;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The builder's side of one action: checks a {@link StepRequest} against the files staged beside
 * it, calls the builder's backend and packs its result record, with the files it names, into a
 * {@link StepResult}. A failure of the package is a result; an error of the backend is a result
 * with {@code error}; only a bad request is an exception.
 */
public final class StepRunner {
    /** A plain file name: what SourceUploadReader accepts, so no {@code /}, {@code ..} or control character. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]{0,254}");
    private static final Pattern ACTION = Pattern.compile(
            "(build-source/|run-autopkgtest/)[A-Za-z0-9][A-Za-z0-9.+~_-]{0,200}|build-image|publish"
                    + "|find-triggered-tests|testbed|run-triggered-test/[A-Za-z0-9][A-Za-z0-9.+~:_/-]{0,300}");
    private static final Pattern PPA = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,100}");
    private static final Pattern SERVICE = Pattern.compile("https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?(/[A-Za-z0-9._~%+/-]*)?");
    /** The files one result carries; a build log larger than this is a problem of its own. */
    static final long MAX_RESULT_FILE = 64L << 20;

    private final LandingSteps backend;

    public StepRunner(LandingSteps backend) {
        this.backend = backend;
    }

    /**
     * Checks everything the request says before anything runs: the action, the names, the PPA
     * service URL, and that every staged file is a regular file (not a symbolic link) beside the
     * request with the listed size and SHA-256; returns the uploads, read and checked as the
     * intake checks them.
     */
    public static List<SourceUpload> check(StepRequest request, Path requestDir) throws BadStepRequestException, IOException {
        String action = request.action();
        require(action != null && ACTION.matcher(action).matches(), "unknown action '" + printable(action)
                + "'; a builder performs build-source/KEY, build-image, run-autopkgtest/KEY, find-triggered-tests,"
                + " run-triggered-test/KEY, publish or answers testbed");
        require(request.ticketId() == null || TICKET.matcher(request.ticketId()).matches(),
                "ticketId must be a plain ticket id, not '" + printable(request.ticketId()) + "'");
        require(request.ppa() != null && PPA.matcher(request.ppa()).matches(),
                "ppa must be a pool name such as ci-pool-001, not '" + printable(request.ppa()) + "'");
        // none for a backend whose PPAs are elsewhere (Launchpad): the builder's backend then needs none
        require(request.ppaService() == null || (SERVICE.matcher(request.ppaService()).matches()
                        && !request.ppaService().contains("..")),
                "ppaService must be the http(s) URL of the PPA service, not '" + printable(request.ppaService()) + "'");
        require(request.series() != null && PACKAGE.matcher(request.series()).matches(),
                "series must be a suite name, not '" + printable(request.series()) + "'");
        for (String p : request.packages()) {
            require(p != null && PACKAGE.matcher(p).matches(), "packages: '" + printable(p) + "' is not a package name");
        }
        for (String a : request.ignoredArchitectures()) {
            require(a != null && PACKAGE.matcher(a).matches(), "ignoredArchitectures: '" + printable(a) + "' is not an architecture");
        }
        Path dir = requestDir.toRealPath();
        Set<String> staged = new LinkedHashSet<>();
        for (StagedFile f : request.files()) {
            require(f != null && f.name() != null && FILE_NAME.matcher(f.name()).matches(),
                    "files: '" + printable(f == null ? null : f.name()) + "' is not a plain file name (no '/', no '..')");
            require(staged.add(f.name()), "files: " + f.name() + " is listed twice");
            Path file = dir.resolve(f.name());
            require(!Files.isSymbolicLink(file), "files: " + f.name() + " is a symbolic link; staged files must be regular files");
            require(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "files: " + f.name() + " is missing beside the request");
            require(Files.size(file) == f.size(), "files: " + f.name() + " has " + Files.size(file) + " bytes, the request says " + f.size());
            require(SourceUploadReader.sha256(file).equalsIgnoreCase(String.valueOf(f.sha256())),
                    "files: " + f.name() + " does not match its SHA-256");
        }
        List<SourceUpload> uploads = new ArrayList<>();
        for (String name : request.uploads()) {
            require(name != null && staged.contains(name), "uploads: '" + printable(name) + "' is not among the staged files");
            try {
                uploads.add(new SourceUploadReader().read(dir.resolve(name)));
            } catch (InvalidSourceException e) {
                throw new BadStepRequestException("uploads: " + e.getMessage(), e);
            }
        }
        checkShape(request, action, uploads);
        return uploads;
    }

    private static void checkShape(StepRequest request, String action, List<SourceUpload> uploads) throws BadStepRequestException {
        if (action.startsWith(StepRequest.BUILD_SOURCE) || action.startsWith(StepRequest.RUN_AUTOPKGTEST)) {
            String key = action.substring(action.indexOf('/') + 1);
            require(uploads.size() == 1 && uploads.get(0).key().equals(key),
                    action + " needs exactly the upload " + key + ", the request has " + uploads.stream().map(SourceUpload::key).toList());
        }
        if (action.equals(StepRequest.PUBLISH)) {
            require(!uploads.isEmpty(), "publish needs at least one upload");
        }
        if (action.startsWith(StepRequest.RUN_TRIGGERED_TEST)) {
            checkTriggered(request, action, uploads);
        }
        if (action.equals(StepRequest.TESTBED) && request.triggeredTest() != null) {
            checkTest(request.triggeredTest());
        }
        if (action.startsWith(StepRequest.RUN_AUTOPKGTEST) || action.startsWith(StepRequest.RUN_TRIGGERED_TEST)) {
            TestImage image = request.image();
            require(image != null && image.reference() != null && !image.reference().isBlank(), action + " needs the test image");
            require(!image.reference().contains("..") && image.reference().chars().noneMatch(c -> c < 0x20),
                    "image: '" + printable(image.reference()) + "' is not a plain image reference (no '..', no control characters)");
            require(request.series().equals(image.series()), "image: the image is of " + printable(image.series())
                    + ", the request of " + request.series());
        }
    }

    /**
     * A triggered test names what it runs, with what, and the action it belongs to: the archive
     * package's tests (never an upload of the request), the trigger it was found for.
     */
    private static void checkTriggered(StepRequest request, String action, List<SourceUpload> uploads)
            throws BadStepRequestException {
        require(uploads.isEmpty(), action + " runs an archive package's tests, not uploads; the request has "
                + uploads.stream().map(SourceUpload::key).toList());
        TriggeredTest test = request.triggeredTest();
        Trigger trigger = request.trigger();
        require(test != null && trigger != null, action + " needs the triggered test and its trigger");
        checkTest(test);
        require(trigger.source() != null && DebianNames.isPackageName(trigger.source())
                        && trigger.version() != null && DebianNames.isVersion(trigger.version()),
                "trigger: '" + printable(trigger.source()) + "' '" + printable(trigger.version()) + "' is not a source and version");
        for (String b : trigger.binaries()) {
            require(b != null && DebianNames.isPackageName(b), "trigger: '" + printable(b) + "' is not a binary package name");
        }
        require(trigger.key().equals(test.trigger()), "triggeredTest: found for " + printable(test.trigger())
                + ", the request's trigger is " + trigger.key());
        require(action.equals(StepRequest.RUN_TRIGGERED_TEST + test.key()), "action " + printable(action)
                + " is not the action of the triggered test " + test.key());
    }

    private static void checkTest(TriggeredTest test) throws BadStepRequestException {
        require(test.source() != null && DebianNames.isPackageName(test.source())
                        && test.version() != null && DebianNames.isVersion(test.version()),
                "triggeredTest: '" + printable(test.source()) + "' '" + printable(test.version()) + "' is not a source and version");
        require(test.architecture() != null && DebianNames.isArchitecture(test.architecture()),
                "triggeredTest: '" + printable(test.architecture()) + "' is not an architecture");
        require(ArchiveIndex.ARCHIVE.equals(test.origin()) || ArchiveIndex.MIRROR.equals(test.origin()),
                "triggeredTest: origin must be " + ArchiveIndex.ARCHIVE + " or " + ArchiveIndex.MIRROR + ", not '"
                        + printable(test.origin()) + "'");
        for (String b : test.because()) {
            require(b != null && DebianNames.isPackageName(b), "triggeredTest: '" + printable(b) + "' is not a binary package name");
        }
    }

    /** Performs the checked request; an error of the backend is returned as the result's {@code error}. */
    public StepResult perform(StepRequest request, String requestSha256, List<SourceUpload> uploads, StepConsole console)
            throws BadStepRequestException, InterruptedException {
        require(backend.knownSeries().contains(request.series()),
                "unknown series '" + request.series() + "'; this builder lands on " + backend.knownSeries());
        Ppa ppa = new Ppa(request.ppa());
        String action = request.action();
        try {
            if (action.startsWith(StepRequest.BUILD_SOURCE)) {
                BuildResult r = backend.buildSource(ppa, uploads.get(0), request.series(),
                        Set.copyOf(request.ignoredArchitectures()), console, request.resuming());
                return new StepResult(action, requestSha256, r, null, null, null, null, null, null, pack(r.files()));
            }
            if (action.equals(StepRequest.BUILD_IMAGE)) {
                TestImage r = backend.buildImage(ppa, request.series(), request.packages(), console, request.resuming());
                return new StepResult(action, requestSha256, null, r, null, null, null, null, null, pack(r.files()));
            }
            if (action.startsWith(StepRequest.RUN_AUTOPKGTEST)) {
                TestResult r = backend.runAutopkgtest(request.image(), ppa, uploads.get(0), console, request.resuming());
                return tested(action, requestSha256, r);
            }
            if (action.equals(StepRequest.FIND_TRIGGERED_TESTS)) {
                List<ArchiveIndex> r = backend.triggerIndexes(ppa, request.series(), console);
                return new StepResult(action, requestSha256, null, null, null, null, r, null, null, List.of());
            }
            if (action.equals(StepRequest.TESTBED)) {
                // the key only when asked for a test's baseline: it may need the series' base tarball made
                BuilderTestbed r = new BuilderTestbed(
                        backend.testArchitectures(ppa, request.series(), console).stream().sorted().toList(),
                        request.triggeredTest() == null ? null
                                : backend.testbedKey(ppa, request.series(), request.triggeredTest(), console));
                return new StepResult(action, requestSha256, null, null, null, null, null, r, null, List.of());
            }
            if (action.startsWith(StepRequest.RUN_TRIGGERED_TEST)) {
                TestResult r = backend.runTriggeredTest(request.image(), ppa, request.triggeredTest(), request.trigger(),
                        request.withTrigger(), console, request.resuming());
                return tested(action, requestSha256, r);
            }
            PublishResult r = backend.publish(ppa, request.series(), uploads, console, request.resuming());
            return new StepResult(action, requestSha256, null, null, null, r, null, null, null, pack(r.files()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            console.out().println("error: " + message);
            return StepResult.failed(action, requestSha256, message);
        }
    }

    private static StepResult tested(String action, String requestSha256, TestResult r) throws IOException {
        return new StepResult(action, requestSha256, null, null, r, null, null, null, null, pack(r.files()));
    }

    private static List<ResultFile> pack(List<ArchivedFile> files) throws IOException {
        List<ResultFile> packed = new ArrayList<>();
        for (ArchivedFile f : files) {
            Path file = Path.of(f.path());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue; // the record names it; the controller archives what there is
            }
            if (Files.size(file) > MAX_RESULT_FILE) {
                throw new IOException(f.name() + " has " + Files.size(file) + " bytes, more than a result carries ("
                        + MAX_RESULT_FILE + ")");
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                packed.add(new ResultFile(f.path(), Base64.getEncoder().encodeToString(in.readAllBytes())));
            }
        }
        return packed;
    }

    private static void require(boolean ok, String problem) throws BadStepRequestException {
        if (!ok) {
            throw new BadStepRequestException(problem);
        }
    }

    /** What a bad value looks like in a message: control characters shown, length bounded. */
    private static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return value.length() > 80 ? b + "…" : b.toString();
    }
}
