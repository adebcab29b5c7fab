package io.jenkins.plugins.lander.landing.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineFixture;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.RecordingSteps;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.BaselineCache;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole landings through the engine where builds, the image, tests and publishing run on a
 * builder: in this JVM, and in a separate process reached through {@link CommandAgentLauncher}.
 * The builder's backend records its calls (lander-core has no Debian tools; the two-host test
 * lands a real package through {@code lander step}).
 */
class RemoteLandingStepsTest {
    private static final String SERVICE = "http://10.77.0.1:8480";

    @TempDir
    Path dir;

    private Ticket landThrough(AgentLauncher launcher, RecordingSteps controller, EngineFixture fixture) throws Exception {
        return landThrough(launcher, controller, fixture, fixture.upload("hello"));
    }

    private Ticket landThrough(AgentLauncher launcher, RecordingSteps controller, EngineFixture fixture, SourceUpload upload,
            String... hints) throws Exception {
        RemoteLandingSteps remote = new RemoteLandingSteps(controller, launcher, SERVICE, false);
        Engine engine = new Engine(fixture.tickets, fixture.store, remote, dir.resolve("controller/tickets"),
                new EngineSettings(4, 1, Duration.ofMinutes(1)), SignatureVerifier.none());
        Ticket draft = fixture.draft(Overrides.NONE);
        draft.setHints(List.of(hints));
        try (Scheduler.Claim claim = engine.intake().submit(draft, List.of(upload))) {
            engine.scheduler().awaitTurn(claim.ticket(), message -> {});
            return engine.lander(new LandingListener() {}).land(claim.ticket());
        }
    }

    @Test
    void theBuilderBuildsTestsAndPublishesWhileThePoolStaysWithTheController() throws Exception {
        RecordingSteps controller = new RecordingSteps();
        RecordingSteps builder = new RecordingSteps();
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(new InProcessLauncher(dir.resolve("builder"), builder), controller, fixture);

            assertThat(t.getStatus()).isEqualTo(TicketStatus.COMPLETED);
            assertThat(t.getCurrentWorkflowStep()).isEqualTo(WorkflowStep.COMPLETE);
            assertThat(controller.calls).anyMatch(c -> c.startsWith("allocate")).anyMatch(c -> c.startsWith("release"))
                    .noneMatch(c -> c.startsWith("build") || c.startsWith("image") || c.startsWith("test") || c.startsWith("publish"));
            assertThat(builder.calls).containsExactly("build hello_1.0", "image []", "test hello_1.0", "publish [hello_1.0]");
            // the build log the builder wrote came back with the result and was archived
            Path archived = fixture.store.root().resolve("ticket." + t.getId()).resolve("hello_1.0/build.log");
            assertThat(archived).hasContent("building hello_1.0");
        }
    }

    @Test
    void aSeparateBuilderProcessGetsTheUploadAsFilesAndAnswersWithItsResultFile() throws Exception {
        RecordingSteps controller = new RecordingSteps();
        Path builder = dir.resolve("builder");
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName());
        CommandAgentLauncher launcher = new CommandAgentLauncher(List.of(), builder.resolve("steps").toString(), java,
                builder.resolve("data").toString(), new ProcessRunner(new ToolClock()));
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(launcher, controller, fixture);

            assertThat(t.getStatus()).as(t.getReason()).isEqualTo(TicketStatus.COMPLETED);
            assertThat(controller.calls).noneMatch(c -> c.startsWith("build") || c.startsWith("publish"));
            Path archived = fixture.store.root().resolve("ticket." + t.getId()).resolve("hello_1.0/build.log");
            assertThat(archived).hasContent("building hello_1.0");
            // one step directory per request, each with the request, its files and the result: the four
            // actions, and find-triggered-tests and testbed (the builder's archive view and architectures)
            try (var steps = Files.list(builder.resolve("steps"))) {
                List<Path> dirs = steps.toList();
                assertThat(dirs).hasSize(6);
                assertThat(dirs).allSatisfy(d -> assertThat(d.resolve("result.json")).isRegularFile());
                assertThat(dirs).anySatisfy(d -> assertThat(d.resolve("hello_1.0.tar.xz")).isRegularFile());
            }
        }
    }

    /** A builder whose archive has liba's reverse dependencies bb (broken by liba 1.1) and cc (always failing). */
    private static RecordingSteps builderWithReverseDependencies() {
        RecordingSteps builder = new RecordingSteps();
        builder.indexes.add(RecordingSteps.archiveOf("liba", "bb", "cc"));
        builder.triggeredExit.put("bb", new int[] {4, 0});
        builder.triggeredExit.put("cc", new int[] {4, 4});
        return builder;
    }

    private static List<String> rows(Ticket t) {
        return t.getTriggeredTests().results().stream().map(r -> r.source() + " " + r.verdict().label()).toList();
    }

    @Test
    void triggeredTestsRunOnTheBuilderAndARegressionThereFailsTheTicketAt400() throws Exception {
        RecordingSteps controller = new RecordingSteps();
        // the controller's own backend would find nothing: only the builder's answers count
        RecordingSteps builder = builderWithReverseDependencies();
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(new InProcessLauncher(dir.resolve("builder"), builder), controller, fixture,
                    fixture.version("liba", "1.1"));

            assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
            assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.IMAGE_TESTING);
            assertThat(t.getReason()).startsWith("triggered tests regressed: bb/1.0 (amd64) REGRESSION").doesNotContain("cc/");
            assertThat(rows(t)).containsExactly("bb REGRESSION", "cc ALWAYSFAIL");
            assertThat(builder.callsOf("triggered")).containsExactlyInAnyOrder("triggered bb with liba_1.1",
                    "triggered bb without", "triggered cc with liba_1.1", "triggered cc without");
            assertThat(builder.callsOf("publish")).isEmpty();
            assertThat(controller.calls).noneMatch(c -> c.startsWith("triggered") || c.startsWith("publish"));
            Path container = fixture.store.root().resolve("ticket." + t.getId());
            assertThat(container.resolve("triggered/bb/junit.xml")).content().contains("value=\"REGRESSION\"");
            assertThat(container.resolve("console/run-triggered-test_liba_1.1_bb_amd64.log")).isRegularFile();
            // the baseline is cached by the builder's testbed key
            TriggeredTest bb = new TriggeredTest("bb", "1.0", "amd64", "liba_1.1", ArchiveIndex.ARCHIVE, List.of("liba-bin"));
            assertThat(new BaselineCache(dir.resolve("controller/baselines")).get(bb, "recording/bookworm/amd64"))
                    .hasValueSatisfying(b -> assertThat(b.exitCode()).isZero());
        }
    }

    @Test
    void forceBadtestLetsTheTicketLandThroughTheBuilder() throws Exception {
        RecordingSteps builder = builderWithReverseDependencies();
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(new InProcessLauncher(dir.resolve("builder"), builder), new RecordingSteps(), fixture,
                    fixture.version("liba", "1.1"), "force-badtest bb/1.0");

            assertThat(t.getCurrentWorkflowStep()).as(t.getReason()).isEqualTo(WorkflowStep.COMPLETE);
            assertThat(rows(t)).containsExactly("bb IGNORE-FAIL", "cc ALWAYSFAIL");
            assertThat(builder.callsOf("triggered")).doesNotContain("triggered bb without");
            assertThat(builder.callsOf("publish")).containsExactly("publish [liba_1.1]");
        }
    }

    @Test
    void eachRunOfATriggeredTestIsItsOwnRequestAndAResentOneReattachesToThatRun() throws Exception {
        RecordingSteps builder = builderWithReverseDependencies();
        ReattachingLauncher withRun = new ReattachingLauncher(new InProcessLauncher(dir.resolve("builder"), builder));
        ReattachingLauncher baselineRun = new ReattachingLauncher(new InProcessLauncher(dir.resolve("builder2"), builder));
        TriggeredTest bb = new TriggeredTest("bb", "1.0", "amd64", "liba_1.1", ArchiveIndex.ARCHIVE, List.of("liba"));
        Trigger liba = new Trigger("liba", "1.1", List.of("liba"));
        TestImage image = new TestImage("/images/x.tar", "bookworm", false, List.of());
        StepConsole console = ConsoleLines.printing(System.out, Files.createDirectories(dir.resolve("work")));
        Ppa ppa = new Ppa("ci-pool-001");
        new RemoteLandingSteps(new RecordingSteps(), withRun, SERVICE, false)
                .runTriggeredTest(image, ppa, bb, liba, true, console, false);
        new RemoteLandingSteps(new RecordingSteps(), baselineRun, SERVICE, false)
                .runTriggeredTest(image, ppa, bb, liba, false, console, false);

        // after a restart: each run re-sent (resuming) finds its own result, and the other's is refused
        RemoteLandingSteps restarted = new RemoteLandingSteps(new RecordingSteps(), withRun, SERVICE, false);
        assertThat(restarted.runTriggeredTest(image, ppa, bb, liba, true, console, true).exitCode()).isEqualTo(4);
        assertThat(new RemoteLandingSteps(new RecordingSteps(), baselineRun, SERVICE, false)
                .runTriggeredTest(image, ppa, bb, liba, false, console, true).exitCode()).isZero();
        assertThatThrownBy(() -> restarted.runTriggeredTest(image, ppa, bb, liba, false, console, true))
                .hasMessageContaining("for another request than run-triggered-test/liba_1.1/bb/amd64");
        TriggeredTest cc = new TriggeredTest("cc", "1.0", "amd64", "liba_1.1", ArchiveIndex.ARCHIVE, List.of("liba"));
        assertThatThrownBy(() -> restarted.runTriggeredTest(image, ppa, cc, liba, true, console, true))
                .hasMessageContaining("for another request than run-triggered-test/liba_1.1/cc/amd64");
        assertThat(builder.callsOf("triggered")).containsExactly("triggered bb with liba_1.1", "triggered bb without");
    }

    @Test
    void theArchitecturesAndTheTestbedKeyAreTheBuildersAnswers() throws Exception {
        RecordingSteps builder = new RecordingSteps();
        builder.testArchitecture = "arm64";
        InProcessLauncher launcher = new InProcessLauncher(dir.resolve("builder"), builder);
        RemoteLandingSteps remote = new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE, false);
        StepConsole console = ConsoleLines.printing(System.out, Files.createDirectories(dir.resolve("work")));
        Ppa ppa = new Ppa("ci-pool-001");
        TriggeredTest bb = new TriggeredTest("bb", "1.0", "arm64", "liba_1.1", ArchiveIndex.ARCHIVE, List.of("liba"));

        assertThat(remote.testArchitectures(ppa, "bookworm", console)).containsExactly("arm64");
        assertThat(remote.testbedKey(ppa, "bookworm", bb, console)).isEqualTo("recording/bookworm/arm64");
        assertThat(launcher.runs).isEqualTo(2);
    }

    @Test
    void aResultOfAnotherRequestIsRefused() throws Exception {
        RecordingSteps controller = new RecordingSteps();
        AgentLauncher stale = (action, json, console) -> StepResult.failed(action, "0".repeat(64), null).toJson();
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(stale, controller, fixture);

            assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
            assertThat(t.getReason()).contains("for another request");
            assertThat(controller.calls).anyMatch(c -> c.startsWith("release"));
        }
    }

    /**
     * What a builder's result file holds after the controller went away while the builder worked:
     * the first call performs and records the answer; after the "restart" the launcher re-attaches
     * and hands back that recorded answer, whatever it is asked, as a re-attached process does.
     */
    private static final class ReattachingLauncher implements AgentLauncher {
        private final AgentLauncher builder;
        String recorded;

        ReattachingLauncher(AgentLauncher builder) {
            this.builder = builder;
        }

        @Override
        public String run(String action, String requestJson, StepConsole console) throws Exception {
            if (recorded == null) {
                recorded = builder.run(action, requestJson, console);
            }
            return recorded;
        }
    }

    @Test
    void aRequestReSentWhenResumingReattachesToTheResultOfTheFirstAttempt() throws Exception {
        RecordingSteps builder = new RecordingSteps();
        ReattachingLauncher launcher = new ReattachingLauncher(new InProcessLauncher(dir.resolve("builder"), builder));
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            SourceUpload upload = fixture.upload("hello");
            StepConsole console = ConsoleLines.printing(System.out, Files.createDirectories(dir.resolve("work")));
            new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE, false)
                    .buildSource(new Ppa("ci-pool-001"), upload, "bookworm", Set.of(), console, false);

            // the restarted controller's engine sends the action again, saying resuming
            BuildResult again = new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE, false)
                    .buildSource(new Ppa("ci-pool-001"), upload, "bookworm", Set.of(), console, true);

            assertThat(again.state()).isEqualTo(BuildResult.COMPLETED);
            assertThat(builder.calls).containsExactly("build hello_1.0");
        }
    }

    @Test
    void theRecordedResultOfAnotherRequestIsStillRefusedWhenResuming() throws Exception {
        RecordingSteps builder = new RecordingSteps();
        ReattachingLauncher launcher = new ReattachingLauncher(new InProcessLauncher(dir.resolve("builder"), builder));
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            SourceUpload upload = fixture.upload("hello");
            StepConsole console = ConsoleLines.printing(System.out, Files.createDirectories(dir.resolve("work")));
            RemoteLandingSteps remote = new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE, false);
            remote.buildSource(new Ppa("ci-pool-001"), upload, "bookworm", Set.of(), console, false);

            assertThatThrownBy(() -> remote.buildSource(new Ppa("ci-pool-002"), upload, "bookworm", Set.of(), console, true))
                    .hasMessageContaining("for another request than build-source/hello_1.0");
            assertThatThrownBy(() -> remote.buildSource(new Ppa("ci-pool-001"), upload, "bookworm", Set.of("i386"), console, true))
                    .hasMessageContaining("for another request than build-source/hello_1.0");
            assertThat(builder.calls).containsExactly("build hello_1.0");
        }
    }

    @Test
    void resumingIsNotPartOfTheRequestsIdentity() {
        StepRequest first = new StepRequest("build-image", null, "bookworm", "ci-pool-001", SERVICE, null, false,
                List.of(), List.of(), List.of(), List.of("hello"), null);
        StepRequest resumed = new StepRequest("build-image", null, "bookworm", "ci-pool-001", SERVICE, null, true,
                List.of(), List.of(), List.of(), List.of("hello"), null);
        StepRequest other = new StepRequest("build-image", null, "bookworm", "ci-pool-001", SERVICE, null, true,
                List.of(), List.of(), List.of(), List.of("hello", "extra"), null);

        assertThat(resumed.toJson()).isNotEqualTo(first.toJson());
        assertThat(resumed.sha256()).isEqualTo(first.sha256()).matches("[0-9a-f]{64}");
        assertThat(other.sha256()).isNotEqualTo(first.sha256());
    }

    @Test
    void anErrorOnTheBuilderFailsTheTicketWithItsMessage() throws Exception {
        RecordingSteps controller = new RecordingSteps();
        RecordingSteps builder = new RecordingSteps();
        builder.imageError = new IllegalStateException("mmdebstrap: no space left on device");
        try (EngineFixture fixture = new EngineFixture(dir.resolve("fixture"))) {
            Ticket t = landThrough(new InProcessLauncher(dir.resolve("builder"), builder), controller, fixture);

            assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
            assertThat(t.getReason()).contains("build-image failed on the builder: mmdebstrap: no space left on device");
        }
    }

    @Test
    void aBadRequestFromTheControllerIsNotPerformed() throws Exception {
        RecordingSteps builder = new RecordingSteps();
        InProcessLauncher launcher = new InProcessLauncher(dir.resolve("builder"), builder);
        String forged = new StepRequest("build-source/../../etc", null, "bookworm", "ci-pool-001", "http://10.77.0.1:8480",
                null, false, List.of(), List.of(), List.of(), List.of(), null).toJson();
        assertThatThrownBy(() -> launcher.run("build-source/../../etc", forged, null))
                .isInstanceOf(BadStepRequestException.class).hasMessageContaining("unknown action");
        assertThat(builder.calls).isEmpty();
    }
}
