package io.jenkins.plugins.lander.stats;

import static io.jenkins.plugins.lander.stats.StatsFixture.T0;
import static io.jenkins.plugins.lander.stats.StatsFixture.landing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.Sql;
import io.jenkins.plugins.lander.repository.TestDatabase;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StatsRepository} on each database: what is recorded reads back, filtered, paged and bounded. */
abstract class StatsRepositoryContract {
    private final TestDatabase database;
    @TempDir
    Path dir;
    private TicketDatabase db;
    private StatsRepository stats;

    StatsRepositoryContract(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void open() {
        db = database.open(dir);
        stats = new StatsRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long ticket() {
        Ticket t = new Ticket();
        t.setTitle("land");
        t.setOwner("dev@example.com");
        t.setSeries("bookworm");
        return Long.parseLong(new JdbcTicketRepository(db).create(t).getId());
    }

    @Test
    void aRecordedLandingReadsBackEqual() {
        long id = ticket();
        LandingStats recorded = landing(id, 0, "hello", "world");
        stats.record(recorded);
        LandingStats read = stats.find(id).orElseThrow();
        assertThat(read).isEqualTo(recorded);
        assertThat(read.queueWait()).isEqualTo(Duration.ofSeconds(7));
        assertThat(read.tests()).extracting(LandingStats.TestTime::duration).containsExactly(
                Duration.ofMillis(2_500), null, Duration.ofMillis(2_500), null);
        assertThat(stats.find(id + 1)).isEmpty();
    }

    @Test
    void recordingAgainReplacesTheTicketsEntry() {
        long id = ticket();
        stats.record(landing(id, 0, "hello"));
        LandingStats resumed = landing(id, 3, "hello");
        stats.record(resumed);
        assertThat(stats.list(null, null, 10, 0).landings()).containsExactly(resumed);
    }

    @Test
    void statsForAnUnknownTicketAreRefusedAndNothingIsWritten() {
        long id = ticket();
        assertThatThrownBy(() -> stats.record(landing(id + 1, 0, "hello")))
                .isInstanceOf(UnknownTicketException.class).hasMessage("no ticket " + (id + 1));
        assertThatThrownBy(() -> stats.addSeries(new SeriesPost(id + 1, "boot", "s", List.of(new SeriesPost.Point(null, 1)))))
                .isInstanceOf(UnknownTicketException.class);
        assertThatThrownBy(() -> stats.series(id + 1)).isInstanceOf(UnknownTicketException.class);
        assertThat(rows("landing_stats") + rows("landing_stats_upload") + rows("stats_series")).isZero();
    }

    @Test
    void listsFilterBySourceAndStartAndPageOldestFirst() {
        long a = ticket();
        long b = ticket();
        long c = ticket();
        // recorded out of order: the list is by start, not by ticket
        stats.record(landing(c, 20, "hello"));
        stats.record(landing(a, 0, "hello", "world"));
        stats.record(landing(b, 10, "world"));

        assertThat(stats.list(null, null, 10, 0).landings()).extracting(LandingStats::ticket).containsExactly(a, b, c);
        assertThat(stats.list("hello", null, 10, 0).landings()).extracting(LandingStats::ticket).containsExactly(a, c);
        assertThat(stats.list("world", null, 10, 0).landings()).extracting(LandingStats::ticket).containsExactly(a, b);
        assertThat(stats.list("nothing", null, 10, 0)).isEqualTo(new StatsRepository.Page(0, List.of()));
        // since is inclusive
        assertThat(stats.list(null, T0.plus(Duration.ofMinutes(10)), 10, 0).landings())
                .extracting(LandingStats::ticket).containsExactly(b, c);
        assertThat(stats.list("hello", T0.plusSeconds(1), 10, 0).landings()).extracting(LandingStats::ticket).containsExactly(c);

        StatsRepository.Page first = stats.list(null, null, 2, 0);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.landings()).extracting(LandingStats::ticket).containsExactly(a, b);
        assertThat(stats.list(null, null, 2, 2).landings()).extracting(LandingStats::ticket).containsExactly(c);
    }

    @Test
    void latestIsTheMostRecentOldestFirstAndSourcesAreSummarised() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(ticket());
            stats.record(landing(ids.get(i), i, i % 2 == 0 ? "hello" : "world"));
        }
        assertThat(stats.latest("hello", 2)).extracting(LandingStats::ticket).containsExactly(ids.get(2), ids.get(4));
        assertThat(stats.sources()).containsExactly(
                new StatsRepository.SourceSummary("hello", 3, T0.plus(Duration.ofMinutes(4))),
                new StatsRepository.SourceSummary("world", 2, T0.plus(Duration.ofMinutes(3))));
    }

    @Test
    void externalSeriesReadBackInOrderWithTheirPoints() {
        long id = ticket();
        SeriesPost boot = new SeriesPost(id, "bootspeed", "s",
                List.of(new SeriesPost.Point("kernel", 4.42), new SeriesPost.Point("xorg", 4.77), new SeriesPost.Point("boot", 32.77)));
        SeriesPost runs = new SeriesPost(id, "startup", "ms", List.of(new SeriesPost.Point(null, 12), new SeriesPost.Point(null, 11.5)));
        ExternalSeries first = stats.addSeries(boot);
        ExternalSeries second = stats.addSeries(runs);
        assertThat(first.series()).isEqualTo(boot);
        assertThat(stats.series(id)).extracting(ExternalSeries::series).containsExactly(boot, runs);
        assertThat(stats.series(id)).extracting(ExternalSeries::id).containsExactly(first.id(), second.id());
        assertThat(stats.series(ticket())).isEmpty();
    }

    @Test
    void aTicketTakesAtMostItsShareOfSeriesEvenWhenPostsRace() throws Exception {
        long id = ticket();
        SeriesPost post = new SeriesPost(id, "boot", "s", List.of(new SeriesPost.Point(null, 1)));
        for (int i = 1; i < SeriesPost.MAX_PER_TICKET; i++) {
            stats.addSeries(post);
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> posts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                posts.add(() -> {
                    try {
                        stats.addSeries(post);
                        return true;
                    } catch (InvalidStatsException e) {
                        assertThat(e.field()).isEqualTo("ticket");
                        return false;
                    }
                });
            }
            List<Boolean> accepted = new ArrayList<>();
            for (Future<Boolean> f : pool.invokeAll(posts)) {
                accepted.add(f.get());
            }
            assertThat(accepted).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stats.series(id)).hasSize(SeriesPost.MAX_PER_TICKET);
    }

    private long rows(String table) {
        return db.transaction(c -> Sql.count(c, "SELECT COUNT(*) FROM " + table));
    }
}
