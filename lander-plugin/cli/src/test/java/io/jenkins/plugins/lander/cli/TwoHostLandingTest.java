package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/two-host-landing}: a PPA host and a builder made of network namespaces land our
 * example with nothing shared on disk, the builder running every build, image, test and publish
 * step through {@code lander step}. Skipped only where this machine cannot make network
 * namespaces.
 */
@Tag("debian")
class TwoHostLandingTest {
    @TempDir
    Path dir;

    private record Run(JsonNode last, String stderr) {}

    private Run twoHostLanding(String... args) throws Exception {
        assumeTrue(namespacesCanBeMade(), "network namespaces cannot be made here (ip netns add failed): "
                + "the two-host landing needs root and CAP_SYS_ADMIN");
        Path script = Path.of("").toAbsolutePath().resolve("../../scripts/two-host-landing").normalize();
        List<String> argv = new java.util.ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("two-host-landing finished in 20 minutes").isTrue();
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(dir.resolve("stdout"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(lines).as(stderr).isNotEmpty();
        Process left = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        assertThat(new String(left.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("namespaces removed").doesNotContain("lander-ppa").doesNotContain("lander-builder");
        return new Run(Json.MAPPER.readTree(lines.get(lines.size() - 1)), stderr);
    }

    @Test
    void theExampleLandsAcrossTwoHosts() throws Exception {
        Run run = twoHostLanding();
        JsonNode ticket = run.last();
        String stderr = run.stderr();
        assertThat(ticket.path("status").asText()).as(stderr).isEqualTo("COMPLETED");
        assertThat(ticket.path("current_workflow_step").asInt()).isEqualTo(1000);
        assertThat(ticket.path("subtickets").get(0).path("artifacts").findValuesAsText("name"))
                .contains("hello-lander_1.0/build.log");
        // every build, image, test and publish step ran on the builder, through the PPA service
        assertThat(stderr).contains("sees the PPA host's directory as empty")
                .contains("uploading hello-lander_1.0_amd64.deb to ci-pool-001 at http://10.77.0.1:8480")
                .contains("build-image: done").contains("run-autopkgtest/hello-lander_1.0: done").contains("publish: done");
    }

    /** Scale-out: two builders land two non-conflicting tickets at the same time (the engine's conflict rule). */
    @Test
    void twoBuildersLandTwoTicketsAtOnce() throws Exception {
        Run run = twoHostLanding("--builders", "2");
        JsonNode tickets = run.last().path("tickets");
        assertThat(tickets).hasSize(2);
        assertThat(tickets.findValuesAsText("status")).as(run.stderr()).containsOnly("COMPLETED");
        assertThat(tickets.findValuesAsText("title")).containsExactlyInAnyOrder("hello-lander_1.0", "hello-twin_1.0");
        assertThat(run.stderr()).contains("[lander-builder] ticket").contains("[lander-builder2] ticket");
        // the builds ran side by side, not one after the other
        assertThat(run.last().path("build_overlap_seconds").asDouble()).as(run.stderr()).isPositive();
    }

    private static boolean namespacesCanBeMade() throws Exception {
        String probe = "lander-probe-" + ProcessHandle.current().pid();
        Process add = new ProcessBuilder("ip", "netns", "add", probe).redirectErrorStream(true).start();
        add.getInputStream().readAllBytes();
        if (add.waitFor() != 0) {
            return false;
        }
        new ProcessBuilder("ip", "netns", "del", probe).start().waitFor();
        return true;
    }
}
