package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.DebianSources;
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
 * {@code lander land} of uploads whose tests declare {@code Restrictions: isolation-machine}, with
 * no testbed chosen: the Lander sends them to the qemu testbed (a real VM booted by
 * autopkgtest-virt-qemu from the VM image cached under the user's cache, {@code CACHE/vm}, built
 * on first use), where the tests run and pass instead of being skipped. The uploads: the example's
 * {@code artifacts} variant, whose {@code needs-machine} test passes only inside a VM
 * ({@code systemd-detect-virt --vm}), and Debian's own arptables 0.0.5-3.1, whose maintainer marked
 * both tests {@code isolation-machine} (0.0.5-3): they run {@code arptables-legacy}, which reads
 * the kernel's ARP filter table (the VM's kernel loads {@code arptable_filter} for it). CorpusTest
 * lands both with {@code --testbed unshare}, where those tests are skipped with the reason.
 */
@Tag("debian")
@Tag("slow")
class QemuLandingTest {
    @Test
    void anIsolationMachineTestPassesOnTheQemuTestbed(@TempDir Path dir) throws Exception {
        Path dsc = ExamplePackages.dsc("artifacts", "1.0+q1", Files.createDirectories(dir.resolve("src")));
        Path data = dir.resolve("data");

        landsWithNoTestbedChosen(dsc, data, dir.resolve("run"), "greets PASS", "keeps-report PASS", "needs-machine PASS");
        String log = testLog(data);
        assertThatItRanOnQemu(log);
        assertThat(log).containsPattern("virtualization: (kvm|qemu)");
    }

    @Test
    void aRealPackagesIsolationMachineTestsPassOnTheQemuTestbed(@TempDir Path dir) throws Exception {
        Path dsc = DebianSources.unchanged("arptables", dir.resolve("src"));
        Path data = dir.resolve("data");

        // its Test-Command stanzas: arptables-legacy -h, arptables-legacy-save
        landsWithNoTestbedChosen(dsc, data, dir.resolve("run"), "command1 PASS", "command2 PASS");
        String log = testLog(data);
        assertThatItRanOnQemu(log);
        // arptables-legacy-save's listing of the kernel's ARP filter table, loaded in the VM
        assertThat(log).contains("*filter", ":INPUT ACCEPT", ":OUTPUT ACCEPT");
    }

    /** {@code lander land --json DSC} lands, its upload's tests ending as {@code expected} ("NAME RESULT"). */
    private static void landsWithNoTestbedChosen(Path dsc, Path data, Path run, String... expected) throws Exception {
        long start = System.nanoTime();
        LanderProcess.Result r = LanderProcess.run(run, Map.of(), "land", "--data", data.toString(), "--json", dsc.toString());
        System.out.printf("QemuLandingTest: %s landed in %d s%n", dsc.getFileName(),
                (System.nanoTime() - start) / 1_000_000_000L);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode sub = Json.MAPPER.readTree(r.stdout()).path("subtickets").get(0);
        List<String> tests = StreamSupport.stream(sub.path("tests").spliterator(), false)
                .map(t -> t.path("test").asText() + " " + t.path("result").asText())
                .toList();
        assertThat(tests).as(r.stdout()).containsExactlyInAnyOrder(expected);
    }

    private static void assertThatItRanOnQemu(String log) {
        assertThat(log).contains("a test needs isolation-machine: testing on the qemu testbed",
                "in the qemu testbed", " -- qemu --qemu-command=");
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
