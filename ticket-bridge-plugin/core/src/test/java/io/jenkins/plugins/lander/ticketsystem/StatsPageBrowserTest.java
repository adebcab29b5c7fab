package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.stats.LandingStats;
import io.jenkins.plugins.lander.stats.StatsFixture;
import io.jenkins.plugins.lander.stats.Step;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The stats pages in headless Chromium ({@link HeadlessChromium}): a person goes from the ticket
 * list to a source package's charts; each chart has one point per seeded landing, its numbers are
 * those of the table beneath it, and it was painted. Leaves a screenshot in
 * {@code target/stats-chart.png} (the one in docs/ is a copy).
 */
class StatsPageBrowserTest extends TicketServerTest {
    private static final int HELLO_LANDINGS = 9;
    @TempDir
    Path profile;
    private WebDriver browser;

    StatsPageBrowserTest() {
        super(Backend.H2);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private long ticket() throws Exception {
        return client.post("api/v1/ticket/", Json.MAPPER.readTree("{\"title\": \"land\", \"owner\": \"dev@example.com\"}"))
                .path("id").asLong();
    }

    /** Landing {@code i} of hello, every 6 hours, with figures that vary from one landing to the next. */
    private static LandingStats hello(long ticket, int i) {
        Instant start = StatsFixture.T0.plus(Duration.ofHours(6L * i));
        LandingStats.Builder b = LandingStats.builder(ticket, "bookworm").upload("hello", "2.10-" + (i + 1))
                .queued(start.minusSeconds(5L + 37L * (i % 4))).started(start)
                .step(Step.ALLOCATE, Duration.ofMillis(150))
                .step(Step.BUILD, "hello", Duration.ofMillis(16_000 + 1_500L * (i % 5)))
                .step(Step.IMAGE, Duration.ofMillis(i == 0 ? 31_000 : 2_000))
                .step(Step.TEST, "hello", Duration.ofMillis(9_000 + 700L * (i % 3)))
                .test("hello", "command1", "PASS", Duration.ofSeconds(2))
                .test("hello", "upstream-tests", i % 4 == 3 ? "FAIL" : "PASS", Duration.ofSeconds(5));
        boolean failed = i % 4 == 3;
        if (!failed) {
            b.step(Step.PUBLISH, Duration.ofMillis(1_200));
        }
        return b.step(Step.RELEASE, Duration.ofMillis(400))
                .build(failed ? TicketStatus.FAILED : TicketStatus.COMPLETED, start.plusSeconds(failed ? 34 : 62));
    }

    @Test
    void aPersonOpensASourcesChartsAndEveryChartMatchesItsTable() throws Exception {
        start();
        for (int i = 0; i < HELLO_LANDINGS; i++) {
            stats().record(hello(ticket(), i));
        }
        stats().record(StatsFixture.landing(ticket(), 5, "world"));

        browser = HeadlessChromium.start(profile);
        browser.get(server.uri().toString());
        browser.findElement(By.linkText("Non-functional stats")).click();
        assertThat(browser.findElements(By.cssSelector("tr.source"))).extracting(WebElement::getText)
                .containsExactly("hello 9 2026-03-03 10:00", "world 1 2026-03-01 10:05");
        browser.findElement(By.linkText("hello")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Stats of hello");

        // every script came from this server: nothing to fetch from a network
        assertThat(browser.findElements(By.cssSelector("script[src]"))).extracting(s -> s.getDomAttribute("src"))
                .allMatch(src -> src.startsWith("/assets/"));

        List<String> stepLabels = List.of("allocate", "build", "image", "test", "publish", "release", "wall");
        assertThat(chart("chart-steps", "label")).isEqualTo(stepLabels);
        assertThat(chart("chart-steps", "points")).isEqualTo(java.util.Collections.nCopies(stepLabels.size(), (long) HELLO_LANDINGS));
        assertThat(chart("chart-pass-rate", "points")).isEqualTo(List.of((long) HELLO_LANDINGS));
        assertThat(chart("chart-queue-wait", "points")).isEqualTo(List.of((long) HELLO_LANDINGS));
        for (String id : List.of("chart-steps", "chart-pass-rate", "chart-queue-wait")) {
            assertThat(paintedPixels(id)).as(id + " was drawn").isGreaterThan(1000L);
        }

        List<List<String>> steps = table("table-steps");
        assertThat(steps).hasSize(HELLO_LANDINGS);
        for (int s = 0; s < stepLabels.size(); s++) {
            assertThat(values("chart-steps", s)).as(stepLabels.get(s)).isEqualTo(column(steps, 4 + s));
        }
        // the failed landings did not publish: an empty cell, a gap in the chart
        assertThat(column(steps, 8)).filteredOn(String::isEmpty).hasSize(2);
        assertThat(table("table-pass-rate")).extracting(r -> r.get(6))
                .containsExactly("100.0", "100.0", "100.0", "50.0", "100.0", "100.0", "100.0", "50.0", "100.0");
        assertThat(values("chart-pass-rate", 0)).isEqualTo(column(table("table-pass-rate"), 6));
        assertThat(values("chart-queue-wait", 0)).isEqualTo(column(table("table-queue-wait"), 4));
        assertThat(column(table("table-queue-wait"), 4)).startsWith("5.000", "42.000", "79.000", "116.000");

        // the whole page: the three charts and their tables
        browser.manage().window().setSize(new Dimension(1200, 2350));
        Path shot = Path.of("target", "stats-chart.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    /** Per dataset of the chart on canvas {@code id}: its label, or how many points Chart.js laid out. */
    @SuppressWarnings("unchecked")
    private List<Object> chart(String id, String what) {
        return (List<Object>) ((JavascriptExecutor) browser).executeScript("var c = Chart.getChart(arguments[0]), what = arguments[1];"
                + " return c.data.datasets.map(function (d, i) { return what === 'label' ? d.label : c.getDatasetMeta(i).data.length; });",
                id, what);
    }

    /** Dataset {@code i}'s values as the tables print them (3 decimals for seconds, 1 for percent, empty for none). */
    @SuppressWarnings("unchecked")
    private List<String> values(String id, int i) {
        List<Object> raw = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return Chart.getChart(arguments[0]).data.datasets[arguments[1]].data;", id, i);
        List<String> out = new ArrayList<>();
        for (Object v : raw) {
            out.add(v == null ? "" : String.format(java.util.Locale.ROOT, id.equals("chart-pass-rate") ? "%.1f" : "%.3f",
                    ((Number) v).doubleValue()));
        }
        return out;
    }

    private long paintedPixels(String id) {
        return (Long) ((JavascriptExecutor) browser).executeScript("var c = document.getElementById(arguments[0]);"
                + " var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
                + " for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", id);
    }

    private List<List<String>> table(String id) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tr.landing"))) {
            rows.add(row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        }
        return rows;
    }

    private static List<String> column(List<List<String>> rows, int i) {
        return rows.stream().map(r -> r.get(i)).toList();
    }
}
