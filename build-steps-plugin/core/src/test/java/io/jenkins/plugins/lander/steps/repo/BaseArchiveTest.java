package io.jenkins.plugins.lander.steps.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import io.jenkins.plugins.lander.rdeps.TriggeredTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseArchiveTest {
    @Test
    void aptCacheShowsrcVersionsOfTheSourceOnly() {
        assertThat(BaseArchive.versions(List.of("Package: hello", "Binary: hello", "Version: 2.10-3", "",
                "Package: hello-traditional", "Version: 2.9", "", "Package: hello", "Version: 2.10-2"), "hello"))
                .containsExactly("2.10-3", "2.10-2");
    }

    /** The deb-src entry of scripts/setup-debian-tools: bookworm has hello 2.10-3, and no "lander-none". */
    @Test
    @Tag("debian")
    void readsTheSeriesVersionsFromThisMachinesSourcesIndex() throws Exception {
        BaseArchive base = new BaseArchive(new ProcessRunner(new ToolClock()));
        assertThat(base.newest("bookworm", "hello")).contains("2.10-3");
        assertThat(base.newest("bookworm", "lander-none")).isEmpty();
        assertThat(base.newest("no-such-series", "hello")).isEmpty();
    }

    /**
     * In bookworm, six sources have tests that depend on libmodule-implementation-perl (through
     * their binaries' Depends); libb-hooks-endofscope-perl 0.26-1 is the first of them.
     */
    @Test
    @Tag("debian")
    void theSeriesOwnIndexesFindRealReverseDependenciesAndTheirSourceIsFetched(@TempDir Path dir) throws Exception {
        BaseArchive base = new BaseArchive(new ProcessRunner(new ToolClock()));
        List<String> said = new ArrayList<>();
        ArchiveIndex index = base.triggerIndex("bookworm", "amd64", said::add).orElseThrow();

        TriggeredTests.Selection found = TriggeredTests.select(
                List.of(new Trigger("libmodule-implementation-perl", "0.09-2+lander1", List.of("libmodule-implementation-perl"))),
                List.of(index), Set.of("amd64"), Set.of("libmodule-implementation-perl"), 1);

        assertThat(index.origin()).isEqualTo(ArchiveIndex.MIRROR);
        assertThat(index.sources()).doesNotContain("Files:", "Checksums-Sha256:"); // cut to the fields the selection reads
        assertThat(found.run())
                .extracting(TriggeredTest::source, TriggeredTest::version, TriggeredTest::architecture, TriggeredTest::origin)
                .containsExactly(tuple("libb-hooks-endofscope-perl", "0.26-1", "amd64", ArchiveIndex.MIRROR));
        assertThat(found.notRun()).extracting(TriggeredTest::source).contains("libclass-load-perl", "libpackage-stash-perl",
                "libparams-validate-perl").hasSize(5);
        Path dsc = base.download("libb-hooks-endofscope-perl", "0.26-1", dir, said::add);
        assertThat(dsc).hasFileName("libb-hooks-endofscope-perl_0.26-1.dsc").isRegularFile();
        assertThat(Files.readString(dsc)).contains("Source: libb-hooks-endofscope-perl");
        assertThat(base.triggerIndex("no-such-series", "amd64", said::add)).isEmpty();
    }
}
