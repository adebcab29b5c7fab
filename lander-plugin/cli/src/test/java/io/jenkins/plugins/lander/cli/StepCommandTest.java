package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.lander.landing.remote.StagedFile;
import io.jenkins.plugins.lander.landing.remote.StepRequest;
import io.jenkins.plugins.lander.landing.remote.StepResult;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lander step} as a launcher runs it: bad requests exit 2 naming the problem and perform
 * nothing; a request whose result is there is answered without performing it again; tools a
 * dead step left running are killed before the step runs.
 */
class StepCommandTest {
    private static final Map<String, String> ENV = Map.of("LANDER_PPA_TOKEN", "a-token-of-the-test-0123456789");

    @TempDir
    Path dir;

    private Path step;
    private StepRequest request;

    @BeforeEach
    void staged() throws Exception {
        SourceUpload upload = ExamplePackages.build("pass", "1.0", Files.createDirectories(dir.resolve("src")));
        step = Files.createDirectories(dir.resolve("step"));
        List<StagedFile> files = new ArrayList<>();
        for (SourceFile f : upload.files()) {
            Files.copy(f.path(), step.resolve(f.name()));
            files.add(new StagedFile(f.name(), f.size(), f.sha256(), f.path().toString()));
        }
        // nothing listens on port 1: the build's first call to the PPA service fails at once
        request = new StepRequest("build-source/hello-lander_1.0", null, "bookworm", "ci-pool-001", "http://127.0.0.1:1",
                null, false, List.of("hello-lander_1.0.dsc"), files, List.of(), List.of(), null);
    }

    private LanderProcess.Result step(String json) throws Exception {
        return step(json, ENV);
    }

    private LanderProcess.Result step(String json, Map<String, String> env) throws Exception {
        Files.writeString(step.resolve("request.json"), json, StandardCharsets.UTF_8);
        return LanderProcess.run(dir.resolve("run"), env, "step", "--request", step.resolve("request.json").toString(),
                "--result", step.resolve("result.json").toString(), "--data", dir.resolve("builder").toString());
    }

    private void assertRefused(LanderProcess.Result r, String message) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains(message);
        assertThat(step.resolve("result.json")).doesNotExist();
        assertThat(dir.resolve("builder/work")).doesNotExist();
    }

    /**
     * The controller's backend and testbed reach the builder in its environment, and are checked
     * there as the CLI checks its own: incomplete ones are refused before anything is made.
     */
    @Test
    void theBackendAndTestbedOfTheEnvironmentAreCheckedBeforeAnythingRuns() throws Exception {
        assertRefused(step(request.toJson(), Map.of("LANDER_BACKEND", "launchpad", "LANDER_LAUNCHPAD_OWNER", "ci-bot")),
                "LANDER_LAUNCHPAD_ARCHIVE is required");
        assertRefused(step(request.toJson(), Map.of("LANDER_PPA_TOKEN", "a-token-of-the-test-0123456789", "LANDER_TESTBED", "nova")),
                "the nova testbed needs LANDER_NOVA_FLAVOR");
        assertRefused(step(request.toJson(), Map.of("LANDER_BACKEND", "cloud")), "LANDER_BACKEND must be local or launchpad, not 'cloud'");
    }

    @Test
    void anUnknownActionIsRefused() throws Exception {
        assertRefused(step(request.toJson().replace("build-source/hello-lander_1.0", "wipe")), "unknown action 'wipe'");
    }

    @Test
    void aPathWithDotDotIsRefused() throws Exception {
        assertRefused(step(request.toJson().replace("\"name\" : \"hello-lander_1.0.tar.xz\"", "\"name\" : \"../hello-lander_1.0.tar.xz\"")),
                "'../hello-lander_1.0.tar.xz' is not a plain file name");
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path tar = step.resolve("hello-lander_1.0.tar.xz");
        Path real = Files.move(tar, dir.resolve("elsewhere.tar.xz"));
        Files.createSymbolicLink(tar, real);
        assertRefused(step(request.toJson()), "hello-lander_1.0.tar.xz is a symbolic link");
    }

    @Test
    void aMissingFileIsRefused() throws Exception {
        Files.delete(step.resolve("hello-lander_1.0.tar.xz"));
        assertRefused(step(request.toJson()), "hello-lander_1.0.tar.xz is missing beside the request");
    }

    @Test
    void aResultOfTheSameRequestIsAnsweredWithoutPerformingAgain() throws Exception {
        String json = request.toJson();
        StepResult done = StepResult.failed(request.action(), request.sha256(), "from the first attempt");
        Files.writeString(step.resolve("result.json"), done.toJson(), StandardCharsets.UTF_8);

        LanderProcess.Result r = step(json);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("[3/3] build-source/hello-lander_1.0 was already performed");
        assertThat(Files.readString(step.resolve("result.json"))).contains("from the first attempt");
        assertThat(dir.resolve("builder/work")).doesNotExist();
    }

    @Test
    void theSameRequestReSentWhenResumingIsAnsweredWithTheFirstAttemptsResult() throws Exception {
        StepResult done = StepResult.failed(request.action(), request.sha256(), "from the first attempt");
        Files.writeString(step.resolve("result.json"), done.toJson(), StandardCharsets.UTF_8);
        StepRequest resumed = new StepRequest(request.action(), null, request.series(), request.ppa(), request.ppaService(),
                null, true, request.uploads(), request.files(), List.of(), List.of(), null);

        LanderProcess.Result r = step(resumed.toJson());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("was already performed");
        assertThat(Files.readString(step.resolve("result.json"))).contains("from the first attempt");
        assertThat(dir.resolve("builder/work")).doesNotExist();
    }

    @Test
    void aResultOfAnotherRequestIsNotTakenForThisOne() throws Exception {
        StepRequest other = new StepRequest(request.action(), null, request.series(), "ci-pool-002", request.ppaService(),
                null, false, request.uploads(), request.files(), List.of(), List.of(), null);
        Files.writeString(step.resolve("result.json"),
                StepResult.failed(other.action(), other.sha256(), "of another request").toJson(), StandardCharsets.UTF_8);

        LanderProcess.Result r = step(request.toJson());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        StepResult result = StepResult.parse(Files.readString(step.resolve("result.json")));
        assertThat(result.requestSha256()).isEqualTo(request.sha256());
        assertThat(result.error()).doesNotContain("of another request").contains("127.0.0.1:1");
    }

    @Test
    void aRetryKillsWhatADeadStepLeftRunningThenWritesItsResult() throws Exception {
        Process orphan = new ProcessBuilder("setsid", "sleep", "600").start();
        Path dead = Files.createDirectories(dir.resolve("builder/running/999999999"));
        Files.writeString(dead.resolve("lock"), "");
        Files.writeString(dead.resolve(Long.toString(orphan.pid())),
                orphan.info().startInstant().orElseThrow() + "\nsbuild --dist=bookworm hello-lander_1.0.dsc\n");

        LanderProcess.Result r = step(request.toJson());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("left by a step that died: killing sbuild --dist=bookworm hello-lander_1.0.dsc");
        await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
        StepResult result = StepResult.parse(Files.readString(step.resolve("result.json")));
        assertThat(result.requestSha256()).isEqualTo(request.sha256());
        assertThat(result.error()).contains("127.0.0.1:1");
        assertThat(dir.resolve("builder/running/999999999")).doesNotExist();
    }

    @Test
    void aSecondStepOnTheSameRequestWaitsForTheRunningOneInsteadOfStartingTwice() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // a PPA service that accepts and never answers: the first step hangs in its first call
            String json = request.toJson().replace("http://127.0.0.1:1", "http://127.0.0.1:" + silent.getLocalPort());
            Files.writeString(step.resolve("request.json"), json, StandardCharsets.UTF_8);
            String[] args = {"step", "--request", step.resolve("request.json").toString(), "--result",
                step.resolve("result.json").toString(), "--data", dir.resolve("builder").toString()};
            Process first = LanderProcess.start(dir.resolve("first"), ENV, args);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("first/stdout")).contains("[2/3]"));
            Process second = LanderProcess.start(dir.resolve("second"), ENV, args);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("second/stdout"))
                    .contains("another lander step is performing this request; waiting for it to finish"));
            assertThat(second.isAlive()).isTrue();

            first.destroyForcibly().waitFor();
            silent.close(); // the second step now finds the service gone and records that as its result
            assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(StepResult.parse(Files.readString(step.resolve("result.json"))).error()).contains("cannot be reached");
        }
    }
}
