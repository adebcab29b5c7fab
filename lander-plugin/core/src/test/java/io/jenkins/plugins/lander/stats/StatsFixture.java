package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;

/** Landing stats with known figures, for the repository's, the API's and the page's tests. */
public final class StatsFixture {
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private StatsFixture() {}

    /**
     * A completed landing of {@code sources} (each at version {@code 1.0-MINUTES}) that started
     * {@code minutes} after {@link #T0} and waited 7 s in the queue: allocate 0.12 s, per upload a
     * build of 19 s + {@code minutes} ms, image 5 s, per upload a test run of 8 s with one passing
     * test (2.5 s) and one skipped test, publish 0.9 s, release 0.3 s; 40 s in all.
     */
    public static LandingStats landing(long ticket, int minutes, String... sources) {
        Instant start = T0.plus(Duration.ofMinutes(minutes));
        LandingStats.Builder b = LandingStats.builder(ticket, "bookworm")
                .queued(start.minusSeconds(7)).started(start)
                .step(Step.ALLOCATE, Duration.ofMillis(120));
        for (String s : sources) {
            b.upload(s, "1.0-" + minutes).step(Step.BUILD, s, Duration.ofMillis(19_000 + minutes))
                    .test(s, "smoke", "PASS", Duration.ofMillis(2_500))
                    .test(s, "upstream", "SKIP", null);
        }
        b.step(Step.IMAGE, Duration.ofSeconds(5));
        for (String s : sources) {
            b.step(Step.TEST, s, Duration.ofSeconds(8));
        }
        return b.step(Step.PUBLISH, Duration.ofMillis(900)).step(Step.RELEASE, Duration.ofMillis(300))
                .tool("sbuild", Duration.ofMillis(18_400)).tool("autopkgtest", Duration.ofMillis(7_600))
                .binaryBytes(52_000).logBytes(31_000)
                .build(TicketStatus.COMPLETED, start.plusSeconds(40));
    }
}
