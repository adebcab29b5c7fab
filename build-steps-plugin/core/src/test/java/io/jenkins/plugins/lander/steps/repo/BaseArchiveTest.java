package io.jenkins.plugins.lander.steps.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
}
