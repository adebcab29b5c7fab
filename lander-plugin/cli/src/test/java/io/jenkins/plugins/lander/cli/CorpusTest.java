package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.steps.support.DebianSources;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bookworm packages nobody tuned for the Lander, landed with {@code lander land} as a Debian
 * developer would (each rebuilt at a local {@code +lander1} version, the series' own version being
 * refused): libmodule-runtime-perl (only an autodep8 suite, Architecture: all), then in one
 * ticket libmodule-implementation-perl (build-depending on the version the first ticket landed),
 * libsub-exporter-progressive-perl (autodep8), cpufrequtils (three binaries, debug symbols, no
 * tests), arptables (both tests need isolation-machine) and our hello-lander with a test artifact
 * and an isolation-machine test (on the unshare testbed, chosen with {@code --testbed unshare}:
 * those tests are skipped with the reason; QemuLandingTest runs them on qemu); then
 * apt-config-auto-update (no tests) with tests required, and libmodule-implementation-perl build-depending on
 * a version nobody has (a dependency wait).
 */
@Tag("debian")
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusTest {
    @TempDir
    static Path dir;

    private static Path data() {
        return dir.resolve("data");
    }

    private static LanderProcess.Result lander(String name, String... args) throws Exception {
        return LanderProcess.run(dir.resolve("runs").resolve(name), Map.of(), args);
    }

    private static LanderProcess.Result land(String name, Path... dscs) throws Exception {
        // unshare chosen: the isolation-machine test is skipped with the reason (QemuLandingTest runs it on qemu)
        List<String> args = new ArrayList<>(List.of("land", "--data", data().toString(), "--json", "--testbed", "unshare"));
        Stream.of(dscs).forEach(d -> args.add(d.toString()));
        return lander(name, args.toArray(String[]::new));
    }

    private static JsonNode subticket(JsonNode ticket, String source) {
        return StreamSupport.stream(ticket.path("subtickets").spliterator(), false)
                .filter(s -> s.path("source_package").asText().equals(source))
                .findFirst().orElseThrow(() -> new AssertionError("no subticket " + source + " in " + ticket));
    }

    private static List<String> tests(JsonNode sub) {
        return StreamSupport.stream(sub.path("tests").spliterator(), false)
                .map(t -> t.path("test").asText() + " " + t.path("result").asText()
                        + (t.path("superficial").asBoolean() ? " superficial" : ""))
                .toList();
    }

    /** The details of the upload's tests whose result is {@code result} (a skip's reason). */
    private static List<String> details(JsonNode sub, String result) {
        return StreamSupport.stream(sub.path("tests").spliterator(), false)
                .filter(t -> t.path("result").asText().equals(result))
                .map(t -> t.path("detail").asText())
                .toList();
    }

    private static List<String> archive() throws Exception {
        LanderProcess.Result r = lander("archive", "archive", "list", "--data", data().toString(), "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return StreamSupport.stream(Json.MAPPER.readTree(r.stdout()).spliterator(), false)
                .map(p -> p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("architecture").asText())
                .toList();
    }

    @Test
    @Order(1)
    void theSeriesOwnVersionIsRefusedBeforeAnyTicket() throws Exception {
        Path dsc = DebianSources.download("libmodule-runtime-perl", dir.resolve("src/original"));
        LanderProcess.Result r = land("original", dsc);

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains("libmodule-runtime-perl 0.016-2 is not newer than 0.016-2 in bookworm");
        assertThat(r.stdout()).isEmpty();
        assertThat(data().resolve("tickets")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    @Order(2)
    void aPackageWithOnlyAnAutodep8SuiteLandsWithItsGeneratedTestsRun() throws Exception {
        Path dsc = DebianSources.unchanged("libmodule-runtime-perl", dir.resolve("src/runtime"));
        LanderProcess.Result r = land("runtime", dsc);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(tests(subticket(t, "libmodule-runtime-perl"))).contains("autodep8-perl-build-deps PASS",
                "autodep8-perl PASS superficial", "autodep8-perl-recommends PASS superficial");
        assertThat(archive()).contains("libmodule-runtime-perl 0.016-2+lander1 source",
                "libmodule-runtime-perl 0.016-2+lander1 all");

        LanderProcess.Result again = land("runtime-again", dsc);
        assertThat(again.exitCode()).as(again.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(again.stderr()).contains(
                "libmodule-runtime-perl 0.016-2+lander1 is not newer than 0.016-2+lander1 in the Lander's bookworm archive");
    }

    @Test
    @Order(3)
    void fiveUploadsLandTogetherAgainstWhatTheFirstTicketLanded() throws Exception {
        // only the Lander's archive has this version: the build must see it
        Path implementation = DebianSources.rebuilt("libmodule-implementation-perl", dir.resolve("src/implementation"),
                tree -> requireRuntime(tree, "0.016-2+lander1"));
        Path exporter = DebianSources.unchanged("libsub-exporter-progressive-perl", dir.resolve("src/exporter"));
        Path cpufreq = DebianSources.unchanged("cpufrequtils", dir.resolve("src/cpufrequtils"));
        Path arptables = DebianSources.unchanged("arptables", dir.resolve("src/arptables"));
        Path hello = ExamplePackages.dsc("artifacts", "1.0+c1", Files.createDirectories(dir.resolve("src/hello")));

        LanderProcess.Result r = land("together", implementation, exporter, cpufreq, arptables, hello);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(tests(subticket(t, "libmodule-implementation-perl"))).contains("autodep8-perl-build-deps PASS");
        assertThat(tests(subticket(t, "libsub-exporter-progressive-perl"))).contains("autodep8-perl-build-deps PASS");
        assertThat(tests(subticket(t, "cpufrequtils"))).containsExactly("no-tests NEUTRAL");
        JsonNode arptablesSub = subticket(t, "arptables");
        assertThat(tests(arptablesSub)).containsExactlyInAnyOrder("command1 SKIP", "command2 SKIP", "no-tests NEUTRAL");
        assertThat(details(arptablesSub, "SKIP")).hasSize(2).allMatch(d -> d.contains("\"isolation-machine\""));
        // the isolation-machine test is skipped once (autopkgtest 5.28 reports it twice)
        JsonNode helloSub = subticket(t, "hello-lander");
        assertThat(tests(helloSub)).containsExactlyInAnyOrder("greets PASS", "keeps-report PASS", "needs-machine SKIP");
        assertThat(details(helloSub, "SKIP")).singleElement().asString().contains("\"isolation-machine\"");
        JsonNode artifact = StreamSupport.stream(helloSub.path("artifacts").spliterator(), false)
                .filter(a -> a.path("name").asText().equals("hello-lander_1.0+c1/autopkgtest/artifacts/greeting.txt"))
                .findFirst().orElseThrow(() -> new AssertionError("no test artifact in " + helloSub.path("artifacts")));
        assertThat(Files.readString(Path.of(java.net.URI.create(artifact.path("reference").asText())))).isEqualTo(
                "Hello, Lander!\n");

        List<String> archive = archive();
        assertThat(archive).contains("libmodule-implementation-perl 0.09-2+lander1 all",
                "libsub-exporter-progressive-perl 0.001013-3+lander1 all",
                "cpufrequtils 008-2+lander1 amd64", "libcpufreq0 008-2+lander1 amd64", "libcpufreq-dev 008-2+lander1 amd64",
                "arptables 0.0.5-3.1+lander1 amd64",
                "hello-lander 1.0+c1 amd64");
        // debug symbols in the debug component only, as Debian keeps them out of main
        Path dists = data().resolve("backend/repos/db/public/archive/dists/bookworm");
        assertThat(Files.readString(dists.resolve("debug/binary-amd64/Packages"))).contains("Package: libcpufreq0-dbgsym");
        assertThat(Files.readString(dists.resolve("main/binary-amd64/Packages"))).doesNotContain("-dbgsym");
    }

    /** Makes the package build-depend on libmodule-runtime-perl at least {@code version}. */
    private static void requireRuntime(Path tree, String version) throws java.io.IOException {
        Path control = tree.resolve("debian/control");
        String text = Files.readString(control, StandardCharsets.UTF_8);
        String bumped = text.replaceFirst("libmodule-runtime-perl( \\([^)]*\\))?", "libmodule-runtime-perl (>= " + version + ")");
        assertThat(bumped).isNotEqualTo(text);
        Files.writeString(control, bumped, StandardCharsets.UTF_8);
    }

    /** Launchpad's "dependency wait": the reason names the missing build dependency and its version. */
    @Test
    @Order(5)
    void aBuildDependencyNoArchiveHasIsADependencyWaitNamingIt() throws Exception {
        Path waiting = DebianSources.rebuilt("libmodule-implementation-perl", dir.resolve("src/depwait"), "+landerdep",
                tree -> requireRuntime(tree, "99"));
        LanderProcess.Result r = land("depwait", waiting);

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.FAILED);
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("failed_step").asInt()).isEqualTo(200);
        assertThat(t.path("reason").asText()).startsWith("libmodule-implementation-perl_0.09-2+landerdep1: build DEPWAIT:"
                + " Dependency wait: libmodule-runtime-perl (>= 99)");
    }

    @Test
    @Order(4)
    void anUploadWithoutTestsFailsAt400WhenTestsAreRequired() throws Exception {
        Path config = DebianSources.unchanged("apt-config-auto-update", dir.resolve("src/auto-update"));
        LanderProcess.Result r = lander("auto-update", "land", "--data", data().toString(), "--json", "--require-tests",
                config.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.FAILED);
        JsonNode t = Json.MAPPER.readTree(r.stdout());
        assertThat(t.path("failed_step").asInt()).isEqualTo(400);
        assertThat(t.path("reason").asText()).isEqualTo(
                "apt-config-auto-update_2.2+lander1: no tests ran and tests are required (require-tests)");
        assertThat(tests(subticket(t, "apt-config-auto-update"))).containsExactly("no-tests NEUTRAL");
        assertThat(archive()).noneMatch(p -> p.startsWith("apt-config-auto-update "));
    }
}
