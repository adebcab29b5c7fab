package io.jenkins.plugins.lander.steps.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AptSourcesTest {
    private final AptSources all = new AptSources("http://deb.debian.org/debian", true,
            "http://deb.debian.org/debian-security", URI.create("http://127.0.0.1:4242/archive"));

    @Test
    void aTestbedGetsTheSeriesItsUpdatesSecurityAndTheLandersArchive() {
        assertThat(all.all("bookworm")).containsExactly(
                "deb http://deb.debian.org/debian bookworm main",
                "deb http://deb.debian.org/debian bookworm-updates main",
                "deb http://deb.debian.org/debian-security bookworm-security main",
                "deb [trusted=yes] http://127.0.0.1:4242/archive bookworm main");
    }

    @Test
    void aChrootOfTheBaseGetsWhatTheBaseLacks() {
        assertThat(all.beyondBase("bookworm")).containsExactly(
                "deb http://deb.debian.org/debian bookworm-updates main",
                "deb http://deb.debian.org/debian-security bookworm-security main",
                "deb [trusted=yes] http://127.0.0.1:4242/archive bookworm main");
    }

    @Test
    void theDebianLinesLeaveOutTheArchiveWhoseUrlChangesWithEachProcess() {
        assertThat(all.debian("bookworm")).noneMatch(l -> l.contains("127.0.0.1"));
        AptSources bare = new AptSources("http://mirror.example/debian", false, null, null);
        assertThat(bare.all("bookworm")).containsExactly("deb http://mirror.example/debian bookworm main");
        assertThat(bare.beyondBase("bookworm")).isEmpty();
    }
}
