package io.jenkins.plugins.lander.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.pipelines.PipelineHarness.Call;
import io.jenkins.plugins.lander.pipelines.PipelineHarness.Outcome;
import io.jenkins.plugins.lander.pipelines.PipelineHarness.PipelineError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code pipelines/lander.groovy} with mocked steps: the order of the landing and every failure path. */
class LanderPipelineTest {
    private static final Path SCRIPT = Path.of("lander.groovy");
    private static final String HELLO = "file:///srv/lander/store/ticket-42/sources/hello_2.10-3_source.changes";
    private static final String LIBFOO = "/srv/uploads/libfoo_1.2-1.dsc";
    private static final Pattern UPLOAD = Pattern.compile(".*/([^/_]+)_([^_]+?)(_source\\.changes|\\.dsc)");
    private static final List<String> LANDING_STEPS =
            List.of("allocatePpa", "buildSource", "buildImage", "runAutopkgtest", "publish", "releasePpa");

    /** A ticket with two uploads, as the ticket bridge passes it. */
    private static PipelineHarness ticket() {
        return new PipelineHarness(SCRIPT)
                .param("TICKET_ID", "42")
                .param("TITLE", "hello and libfoo")
                .param("SERIES", "bookworm")
                .param("SOURCE_PACKAGES", HELLO + "\n\n  " + LIBFOO + "  \n")
                .param("BINARY_PACKAGES", "hello libfoo1")
                .param("IGNORE_ARCHITECTURES", "")
                .param("IGNORE_FAILURES", "")
                .param("SKIP_TESTS", false)
                .step("allocatePpa", args -> Map.of("name", "ci-pool-001", "aptLine",
                        "deb [trusted=yes] http://127.0.0.1:8701/ci-pool-001 bookworm main", "url",
                        "http://127.0.0.1:8701/ci-pool-001"))
                .step("buildSource", args -> build(upload(args), true))
                .step("buildImage", args -> Map.of("reference", "/var/cache/lander/images/bookworm-42.tar", "reused", false))
                .step("runAutopkgtest", args -> test(upload(args), "PASS"))
                .step("publish", args -> Map.of("packages", List.of("hello_2.10-3_source", "hello_2.10-3_amd64")))
                .step("releasePpa", args -> "ci-pool-001");
    }

    private static String upload(List<Object> args) {
        return ((Map<?, ?>) args.get(0)).get("upload").toString();
    }

    private static Map<String, Object> build(String upload, boolean succeeded) {
        Matcher m = UPLOAD.matcher(upload);
        assertThat(m.matches()).as(upload).isTrue();
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("source", m.group(1));
        build.put("version", m.group(2));
        build.put("succeeded", succeeded);
        build.put("state", succeeded ? "COMPLETED" : "FAILED");
        build.put("reason", succeeded ? null : "dpkg-buildpackage exited 2");
        return build;
    }

    private static Map<String, Object> test(String upload, String outcome) {
        Map<String, Object> build = build(upload, true);
        return Map.of("source", build.get("source"), "version", build.get("version"), "outcome", outcome,
                "passed", outcome.equals("PASS"));
    }

    private static List<String> landingSteps(Outcome outcome) {
        return outcome.calls().stream().map(Call::step).filter(LANDING_STEPS::contains).toList();
    }

    private static List<Call> calls(Outcome outcome, String step) {
        return outcome.calls().stream().filter(c -> c.step().equals(step)).toList();
    }

    @Test
    void landsATicketInOrderWithReadableStages() throws Exception {
        Outcome outcome = ticket().run();

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result()).isEqualTo("SUCCESS");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "buildSource", "buildSource", "buildImage",
                "runAutopkgtest", "runAutopkgtest", "publish", "releasePpa");
        assertThat(calls(outcome, "stage").stream().map(Call::first)).containsExactly("Reserve a PPA",
                "Build source packages", "Build the test image", "Run autopkgtest", "Publish to the archive",
                "Release the PPA");
        assertThat(String.valueOf(outcome.currentBuild().get("description"))).isEqualTo("Ticket 42: hello and libfoo");
    }

    @Test
    void passesTheTicketToEveryStep() throws Exception {
        Outcome outcome = ticket().param("IGNORE_ARCHITECTURES", " armhf  arm64 ").run();

        for (String step : LANDING_STEPS) {
            assertThat(calls(outcome, step)).allSatisfy(c -> assertThat(c.arg("ticket")).isEqualTo("42"));
        }
        List<Call> builds = calls(outcome, "buildSource");
        assertThat(builds.stream().map(c -> c.arg("upload"))).containsExactly(HELLO, LIBFOO);
        assertThat(builds).allSatisfy(c -> {
            assertThat(c.arg("series")).isEqualTo("bookworm");
            assertThat(c.arg("ignoreArchitectures")).isEqualTo("armhf  arm64");
            assertThat(c.arg("failOnError")).isEqualTo("false");
        });
        assertThat(calls(outcome, "buildImage").get(0).arg("packages")).isEqualTo("hello libfoo1");
        assertThat(calls(outcome, "runAutopkgtest").stream().map(c -> c.arg("upload"))).containsExactly(HELLO, LIBFOO);
        assertThat(calls(outcome, "publish").get(0).arg("series")).isEqualTo("bookworm");
    }

    @Test
    void publishesTestResultsAndCleansOldOnesFirst() throws Exception {
        Outcome outcome = ticket().run();

        List<String> order = outcome.calls().stream().map(Call::step).toList();
        assertThat(order.indexOf("deleteDir")).isLessThan(order.indexOf("allocatePpa"));
        assertThat(calls(outcome, "dir").get(0).first()).isEqualTo("autopkgtest");
        assertThat(calls(outcome, "junit")).singleElement()
                .satisfies(c -> assertThat(c.arg("testResults")).isEqualTo("autopkgtest/*.xml"));
        assertThat(order.indexOf("junit")).isBetween(order.lastIndexOf("runAutopkgtest"), order.indexOf("publish"));
        assertThat(order.get(order.size() - 1)).isEqualTo("archiveArtifacts");
    }

    @Test
    void definesEveryTicketFieldAsAParameter() throws Exception {
        Outcome outcome = ticket().run();

        List<String> names = calls(outcome, "parameters").get(0).args().stream()
                .flatMap(list -> ((List<?>) list).stream())
                .map(definition -> ((Map<?, ?>) definition).get("name").toString())
                .toList();
        // The names the ticket bridge sends (TicketParameters.NAMES in lander-ticket-bridge).
        assertThat(names).containsExactly("TICKET_ID", "TITLE", "DESCRIPTION", "OWNER", "BUG_ID", "SERIES",
                "SOURCE_PACKAGES", "BINARY_PACKAGES", "IGNORE_ARCHITECTURES", "IGNORE_FAILURES", "SKIP_TESTS");
    }

    @Test
    void buildFailureReleasesThePpaAndPublishesNothing() throws Exception {
        Outcome outcome = ticket().step("buildSource", args -> build(upload(args), !upload(args).equals(LIBFOO))).run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        assertThat(outcome.failure()).isInstanceOf(PipelineError.class)
                .hasMessage("Build of libfoo 1.2-1 failed: dpkg-buildpackage exited 2");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "buildSource", "buildSource", "releasePpa");
        assertThat(calls(outcome, "archiveArtifacts")).hasSize(1);
    }

    @Test
    void ignoredBuildFailureLandsWhatBuilt() throws Exception {
        Outcome outcome = ticket().param("IGNORE_FAILURES", "200")
                .step("buildSource", args -> build(upload(args), !upload(args).equals(LIBFOO)))
                .run();

        assertThat(outcome.result()).isEqualTo("UNSTABLE");
        assertThat(calls(outcome, "runAutopkgtest").stream().map(c -> c.arg("upload"))).containsExactly(HELLO);
        assertThat(calls(outcome, "publish")).hasSize(1);
        assertThat(calls(outcome, "unstable").get(0).first()).contains("libfoo 1.2-1", "ignored");
    }

    @Test
    void noUploadBuiltEvenWhenIgnoredStopsBeforeTheImage() throws Exception {
        Outcome outcome = ticket().param("IGNORE_FAILURES", "200")
                .step("buildSource", args -> build(upload(args), false))
                .run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        assertThat(outcome.failure()).hasMessageContaining("nothing to test or publish");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "buildSource", "buildSource", "releasePpa");
    }

    @Test
    void testFailureReleasesThePpaAndPublishesNothing() throws Exception {
        Outcome outcome = ticket()
                .step("runAutopkgtest", args -> test(upload(args), upload(args).equals(HELLO) ? "FAIL" : "PASS"))
                .run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        assertThat(outcome.failure()).hasMessage("autopkgtest failed: hello 2.10-3 FAIL");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "buildSource", "buildSource", "buildImage",
                "runAutopkgtest", "runAutopkgtest", "releasePpa");
        assertThat(calls(outcome, "junit")).hasSize(1);
    }

    @Test
    void forceBadtestPublishesDespiteFailedTests() throws Exception {
        Outcome outcome = ticket().param("IGNORE_FAILURES", "400")
                .step("runAutopkgtest", args -> test(upload(args), "BADPKG"))
                .run();

        assertThat(outcome.result()).isEqualTo("UNSTABLE");
        assertThat(calls(outcome, "publish")).hasSize(1);
        assertThat(calls(outcome, "unstable").get(0).first()).contains("force-badtest", "hello 2.10-3 BADPKG");
    }

    @Test
    void forceSkiptestSkipsAutopkgtest() throws Exception {
        Outcome outcome = ticket().param("SKIP_TESTS", true).run();

        assertThat(outcome.result()).isEqualTo("SUCCESS");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "buildSource", "buildSource", "buildImage",
                "publish", "releasePpa");
        assertThat(calls(outcome, "junit")).isEmpty();
    }

    @Test
    void aStepThatFailsStillPublishesTheResultsAndReleases() throws Exception {
        Outcome outcome = ticket()
                .step("runAutopkgtest", args -> {
                    throw new PipelineError("testbed failure: autopkgtest exit code 16");
                })
                .run();

        assertThat(outcome.failure()).hasMessage("testbed failure: autopkgtest exit code 16");
        assertThat(calls(outcome, "junit")).hasSize(1);
        assertThat(landingSteps(outcome)).endsWith("runAutopkgtest", "releasePpa").doesNotContain("publish");
    }

    @Test
    void failureToReserveAPpaBuildsNothing() throws Exception {
        Outcome outcome = ticket()
                .step("allocatePpa", args -> {
                    throw new PipelineError("The Launchpad + OpenStack backend is not part of this release");
                })
                .run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        assertThat(landingSteps(outcome)).containsExactly("allocatePpa", "releasePpa");
    }

    @Test
    void publishFailureStillReleases() throws Exception {
        Outcome outcome = ticket()
                .step("publish", args -> {
                    throw new PipelineError("bookworm already has hello 2.10-3");
                })
                .run();

        assertThat(outcome.result()).isEqualTo("FAILURE");
        assertThat(landingSteps(outcome)).endsWith("publish", "releasePpa");
    }

    @Test
    void refusesARunWithoutTicketBeforeTouchingAnything() throws Exception {
        Outcome outcome = ticket().param("TICKET_ID", "  ").run();

        assertThat(outcome.failure()).hasMessageContaining("TICKET_ID is empty");
        assertThat(landingSteps(outcome)).isEmpty();
        assertThat(calls(outcome, "node")).isEmpty();
    }

    @Test
    void refusesATicketWithoutUploads() throws Exception {
        Outcome outcome = ticket().param("SOURCE_PACKAGES", "\n \n").run();

        assertThat(outcome.failure()).hasMessage("Ticket 42 lists no source upload (SOURCE_PACKAGES is empty)");
        assertThat(landingSteps(outcome)).isEmpty();
    }

    @Test
    void refusesToIgnoreStepsThatCannotBeIgnored() throws Exception {
        Outcome outcome = ticket().param("IGNORE_FAILURES", "400 500").run();

        assertThat(outcome.failure()).hasMessageContaining("step 500 cannot be ignored");
        assertThat(landingSteps(outcome)).isEmpty();
    }

    @Test
    void harnessRejectsAStepThatDoesNotExist() throws Exception {
        Outcome outcome = new PipelineHarness(SCRIPT).param("TICKET_ID", "42").param("SOURCE_PACKAGES", HELLO)
                .step("releasePpa", args -> null)
                .run();

        // No mock for allocatePpa: the harness must fail like Jenkins would on an unknown step.
        assertThat(outcome.failure()).isInstanceOf(groovy.lang.MissingMethodException.class)
                .hasMessageContaining("allocatePpa");
    }
}
