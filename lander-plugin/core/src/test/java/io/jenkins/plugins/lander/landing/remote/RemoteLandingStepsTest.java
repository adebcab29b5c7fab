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
        RemoteLandingSteps remote = new RemoteLandingSteps(controller, launcher, SERVICE);
        Engine engine = new Engine(fixture.tickets, fixture.store, remote, dir.resolve("controller/tickets"),
                new EngineSettings(4, 1, Duration.ofMinutes(1)), SignatureVerifier.none());
        try (Scheduler.Claim claim = engine.intake().submit(fixture.draft(Overrides.NONE), List.of(fixture.upload("hello")))) {
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
            // one step directory per action, each with the request, its files and the result
            try (var steps = Files.list(builder.resolve("steps"))) {
                List<Path> dirs = steps.toList();
                assertThat(dirs).hasSize(4);
                assertThat(dirs).allSatisfy(d -> assertThat(d.resolve("result.json")).isRegularFile());
                assertThat(dirs).anySatisfy(d -> assertThat(d.resolve("hello_1.0.tar.xz")).isRegularFile());
            }
        }
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
            new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE)
                    .buildSource(new Ppa("ci-pool-001"), upload, "bookworm", Set.of(), console, false);

            // the restarted controller's engine sends the action again, saying resuming
            BuildResult again = new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE)
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
            RemoteLandingSteps remote = new RemoteLandingSteps(new RecordingSteps(), launcher, SERVICE);
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
