package io.jenkins.plugins.lander.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LandingStatsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static LandingStats.Builder twoUploads() {
        return LandingStats.builder(7, "bookworm").queued(T0.minusSeconds(30)).started(T0)
                .upload("hello", "2.10-3").upload("world", "1.0-1")
                .step(Step.ALLOCATE, Duration.ofMillis(100))
                .step(Step.BUILD, "hello", Duration.ofSeconds(20)).step(Step.BUILD, "world", Duration.ofSeconds(10))
                .step(Step.TEST, "hello", Duration.ofSeconds(8)).step(Step.TEST, "world", Duration.ofSeconds(4));
    }

    @Test
    void derivedFiguresComeFromTheStepsAndTests() {
        LandingStats s = twoUploads()
                .test("hello", "smoke", "PASS", Duration.ofSeconds(3)).test("hello", "upstream", "FAIL", null)
                .test("world", "unit", "PASS", null).test("world", "slow", "SKIP", null)
                .binaryBytes(100).binaryBytes(50).logBytes(10)
                .build(TicketStatus.FAILED, T0.plusSeconds(45));
        assertThat(s.queueWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.wall()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.stepTotals()).containsExactly(Map.entry(Step.ALLOCATE, Duration.ofMillis(100)),
                Map.entry(Step.BUILD, Duration.ofSeconds(30)), Map.entry(Step.TEST, Duration.ofSeconds(12)));
        assertThat(s.verdictCounts()).containsExactly(Map.entry("FAIL", 1), Map.entry("PASS", 2), Map.entry("SKIP", 1));
        // skipped tests did not run: 2 of 3
        assertThat(s.passRate()).hasValueSatisfying(r -> assertThat(r).isEqualTo(2.0 / 3));
        assertThat(s.binaryBytes()).isEqualTo(150);
    }

    @Test
    void aLandingWithoutTestsHasNoPassRate() {
        assertThat(twoUploads().build(TicketStatus.COMPLETED, T0.plusSeconds(1)).passRate()).isEmpty();
    }

    @Test
    void timersAndToolsAddUp() {
        LandingStats.Builder b = twoUploads().tool("sbuild", Duration.ofSeconds(2)).tool("sbuild", Duration.ofSeconds(3));
        try (LandingStats.Timer t = b.time(Step.IMAGE, null)) {
            assertThat(t).isNotNull();
        }
        LandingStats s = b.build(TicketStatus.COMPLETED, T0.plusSeconds(60));
        assertThat(s.tools()).containsExactly(Map.entry("sbuild", Duration.ofSeconds(5)));
        assertThat(s.steps()).extracting(LandingStats.StepTime::step).endsWith(Step.IMAGE);
        assertThat(s.stepTotals().get(Step.IMAGE)).isBetween(Duration.ZERO, Duration.ofSeconds(60));
    }

    @Test
    void durationsAndTimesKeepMilliseconds() {
        LandingStats s = twoUploads().step(Step.PUBLISH, Duration.ofNanos(1_234_567_891))
                .build(TicketStatus.COMPLETED, T0.plusNanos(5_000_999_999L));
        assertThat(s.steps().get(s.steps().size() - 1).duration()).isEqualTo(Duration.ofMillis(1234));
        assertThat(s.ended()).isEqualTo(T0.plusMillis(5000));
    }

    @Test
    void badStatsNameTheField() {
        assertThatThrownBy(() -> twoUploads().step(Step.BUILD, Duration.ofSeconds(1)).build(TicketStatus.COMPLETED, T0))
                .isInstanceOf(InvalidStatsException.class).hasMessageStartingWith("steps: build of 'null'");
        assertThatThrownBy(() -> twoUploads().step(Step.TEST, "other", Duration.ofSeconds(1)).build(TicketStatus.COMPLETED, T0))
                .hasMessageStartingWith("steps: test of 'other'");
        assertThatThrownBy(() -> twoUploads().step(Step.IMAGE, "hello", Duration.ofSeconds(1)).build(TicketStatus.COMPLETED, T0))
                .hasMessageStartingWith("steps: image of 'hello'");
        assertThatThrownBy(() -> twoUploads().build(TicketStatus.RUNNING, T0)).hasMessageStartingWith("result:");
        assertThatThrownBy(() -> twoUploads().build(TicketStatus.COMPLETED, T0.minusSeconds(1))).hasMessageStartingWith("ended:");
        assertThatThrownBy(() -> LandingStats.builder(7, "bookworm").started(T0).build(TicketStatus.COMPLETED, T0))
                .hasMessageStartingWith("uploads:");
        assertThatThrownBy(() -> LandingStats.builder(7, "bookworm").upload("Hello World", "1"))
                .isInstanceOf(InvalidStatsException.class).extracting(e -> ((InvalidStatsException) e).field()).isEqualTo("source");
        assertThatThrownBy(() -> twoUploads().step(Step.IMAGE, Duration.ofSeconds(-1))).hasMessageStartingWith("image: negative");
        assertThatThrownBy(() -> twoUploads().tool("x".repeat(65), Duration.ZERO).build(TicketStatus.COMPLETED, T0))
                .hasMessageStartingWith("tools: longer than 64");
        assertThatThrownBy(() -> twoUploads().test("hello", "a b", "PASS", null)).hasMessageStartingWith("tests.name:");
        assertThatThrownBy(() -> twoUploads().binaryBytes(-1)).hasMessageStartingWith("binary_bytes:");
    }

    /** Whatever autopkgtest names a test, the engine's stats can keep it (a package without tests is named '*'). */
    @Test
    void reportedTestNamesBecomeStatsNames() {
        assertThat(LandingStats.TestTime.nameOf("*")).isEqualTo("whole-package");
        assertThat(LandingStats.TestTime.nameOf("smoke")).isEqualTo("smoke");
        assertThat(LandingStats.TestTime.nameOf("command1")).isEqualTo("command1");
        assertThat(LandingStats.TestTime.nameOf("a b\u00e9")).isEqualTo("a_b_");
        assertThat(LandingStats.TestTime.nameOf("-x")).isEqualTo("test--x");
        assertThat(LandingStats.TestTime.nameOf("")).isEqualTo("unnamed");
        assertThat(LandingStats.TestTime.nameOf("y".repeat(300))).hasSize(255);
        for (String reported : List.of("*", "a b", "_x", "\u00e9t\u00e9", "x".repeat(300))) {
            String name = LandingStats.TestTime.nameOf(reported);
            assertThat(twoUploads().test("hello", name, "PASS", null).build(TicketStatus.COMPLETED, T0).tests())
                    .as(reported).extracting(LandingStats.TestTime::name).containsExactly(name);
        }
    }

    @Test
    void seriesPostsAreBounded() {
        List<SeriesPost.Point> one = List.of(new SeriesPost.Point(null, 1));
        assertThat(new SeriesPost(1, "boot", "s", one).points()).hasSize(1);
        assertThatThrownBy(() -> new SeriesPost(1, "boot", "s", List.of())).hasMessageStartingWith("points: expected 1 to 1000");
        assertThatThrownBy(() -> new SeriesPost(1, "boot", "s",
                java.util.Collections.nCopies(SeriesPost.MAX_POINTS + 1, new SeriesPost.Point(null, 1))))
                .hasMessage("points: expected 1 to 1000 points, got 1001");
        assertThatThrownBy(() -> new SeriesPost(1, "b".repeat(65), "s", one)).hasMessageStartingWith("name: longer than 64");
        assertThatThrownBy(() -> new SeriesPost(1, "boot", "", one)).hasMessage("unit: required");
        assertThatThrownBy(() -> new SeriesPost(1, "boot", "s", List.of(new SeriesPost.Point("a", 1), new SeriesPost.Point(null, 2))))
                .hasMessage("points: either every point has a key or none has");
        assertThatThrownBy(() -> new SeriesPost(1, "boot", "s", List.of(new SeriesPost.Point("a", 1), new SeriesPost.Point("a", 2))))
                .hasMessage("points.a: given twice");
        assertThatThrownBy(() -> new SeriesPost.Point("a", Double.POSITIVE_INFINITY)).hasMessage("points.a: not a finite number");
        assertThatThrownBy(() -> new SeriesPost(0, "boot", "s", one)).hasMessageStartingWith("ticket:");
    }
}
