package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lander land} of the example's {@code artifacts} variant, whose {@code needs-machine} test
 * declares {@code Restrictions: isolation-machine} and passes only inside a VM
 * ({@code systemd-detect-virt --vm}): with no testbed chosen the Lander sends the upload to the
 * qemu testbed (a real VM booted by autopkgtest-virt-qemu from the VM image cached under the
 * user's cache, {@code CACHE/vm}, built on first use), where the test runs and passes instead of
 * being skipped. CorpusTest lands the same variant with {@code --testbed unshare}, where it is
 * skipped with the reason.
 */
@Tag("debian")
@Tag("slow")
class QemuLandingTest {
    @Test
    void anIsolationMachineTestPassesOnTheQemuTestbed(@TempDir Path dir) throws Exception {
        Path dsc = ExamplePackages.dsc("artifacts", "1.0+q1", Files.createDirectories(dir.resolve("src")));
        Path data = dir.resolve("data");

        long start = System.nanoTime();
        LanderProcess.Result r = LanderProcess.run(dir.resolve("run"), Map.of(),
                "land", "--data", data.toString(), "--json", dsc.toString());
        System.out.printf("QemuLandingTest: landed in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode ticket = Json.MAPPER.readTree(r.stdout());
        JsonNode sub = ticket.path("subtickets").get(0);
        List<String> tests = StreamSupport.stream(sub.path("tests").spliterator(), false)
                .map(t -> t.path("test").asText() + " " + t.path("result").asText())
                .toList();
        assertThat(tests).as(r.stdout()).containsExactlyInAnyOrder("greets PASS", "keeps-report PASS", "needs-machine PASS");

        String log = testLog(data);
        assertThat(log).contains("a test needs isolation-machine: testing on the qemu testbed",
                "in the qemu testbed", " -- qemu --qemu-command=");
        assertThat(log).containsPattern("virtualization: (kvm|qemu)");
    }

    /** The archived console logs of the ticket's test step, joined. */
    private static String testLog(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(data.resolve("store"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".log") || name.equals("log")) {
                    all.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
        }
        return all.toString();
    }
}
