package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The status page in a real headless Chromium ({@link HeadlessChromium}): the list, a ticket's page
 * and an archived log, followed by clicking links as a person would.
 */
class StatusPageBrowserTest extends TicketServerTest {
    @TempDir
    Path profile;
    private WebDriver browser;

    StatusPageBrowserTest() {
        super(Backend.H2);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriver browser() {
        browser = HeadlessChromium.start(profile);
        return browser;
    }

    @Test
    void aPersonFollowsATicketFromTheListToItsArchivedBuildLog() throws Exception {
        start();
        long done = submit(false, 0, "hello");
        await().atMost(timeout()).until(() -> ticket(done).path("status").asText().equals("COMPLETED"));
        Building landing = submitAndHoldItsBuild("world");
        long running = landing.id();
        FakeLandingSteps.Gate gate = landing.gate();
        long held = submit(true, 0, "later");

        WebDriver b = browser();
        b.get(server.uri().toString());
        assertThat(b.getTitle()).isEqualTo("Lander tickets");
        List<WebElement> rows = b.findElements(By.cssSelector("tr.ticket"));
        assertThat(rows).extracting(r -> r.getAttribute("data-id")).containsExactly("" + held, "" + running, "" + done);
        assertThat(row(b, held).findElement(By.className("step")).getText()).isEqualTo("100 Queued");
        assertThat(row(b, held).findElement(By.className("status")).getText()).isEqualTo("WAITING");
        assertThat(row(b, running).findElement(By.className("step")).getText()).isEqualTo("200 Package Building");
        assertThat(row(b, running).findElement(By.className("status")).getText()).isEqualTo("RUNNING");
        assertThat(row(b, done).findElement(By.className("step")).getText()).isEqualTo("1000 Complete");

        row(b, done).findElement(By.linkText("" + done)).click();
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Ticket " + done + ": land hello");
        assertThat(b.findElement(By.id("status")).getText()).isEqualTo("COMPLETED");
        assertThat(b.findElement(By.id("progress")).getText()).startsWith("1/1");
        List<WebElement> subtickets = b.findElements(By.cssSelector("tr.subticket"));
        assertThat(subtickets).hasSize(1);
        assertThat(subtickets.get(0).getText()).contains("hello 1.0-1").contains("1000 Complete").contains("COMPLETED");
        assertThat(b.findElement(By.linkText("console/publish.log")).getAttribute("href")).endsWith("/store/ticket." + done
                + "/console/publish.log");
        b.findElement(By.linkText("hello_1.0-1/build.log")).click();
        assertThat(b.findElement(By.tagName("body")).getText()).isEqualTo("build of hello_1.0-1: ok");

        gate.open.countDown();
        await().atMost(timeout()).until(() -> ticket(running).path("status").asText().equals("COMPLETED"));
        b.get(server.uri().resolve("/tickets/" + running).toString());
        assertThat(b.findElement(By.id("step")).getText()).isEqualTo("1000 Complete");
    }

    @Test
    void theListShowsTheNewestTicketsFirstAPageAtATime() throws Exception {
        start();
        int tickets = 2 * StatusPage.PAGE_SIZE + 50;
        for (int i = 0; i < tickets; i++) {
            client.post("api/v1/ticket/", java.util.Map.of("title", "ticket " + i, "owner", "o@example.com"));
        }
        WebDriver b = browser();
        b.get(server.uri().toString());
        assertThat(ids(b)).hasSize(StatusPage.PAGE_SIZE).startsWith((long) tickets).endsWith((long) tickets - StatusPage.PAGE_SIZE + 1);
        assertThat(b.findElements(By.linkText("Newer"))).isEmpty();
        b.findElement(By.linkText("Older")).click();
        assertThat(ids(b)).hasSize(StatusPage.PAGE_SIZE).startsWith((long) tickets - StatusPage.PAGE_SIZE);
        b.findElement(By.linkText("Older")).click();
        assertThat(ids(b)).hasSize(50).startsWith(50L).endsWith(1L);
        assertThat(b.findElements(By.linkText("Older"))).isEmpty();
        b.findElement(By.linkText("Newer")).click();
        assertThat(ids(b)).hasSize(StatusPage.PAGE_SIZE).startsWith((long) tickets - StatusPage.PAGE_SIZE);
        assertThat(b.findElement(By.id("page")).getText())
                .isEqualTo("tickets " + (StatusPage.PAGE_SIZE + 1) + "–" + 2 * StatusPage.PAGE_SIZE + " of " + tickets
                        + ", newest first");
    }

    private static List<Long> ids(WebDriver b) {
        return b.findElements(By.cssSelector("tr.ticket")).stream().map(r -> Long.parseLong(r.getAttribute("data-id"))).toList();
    }

    private static WebElement row(WebDriver b, long id) {
        return b.findElement(By.cssSelector("tr.ticket[data-id='" + id + "']"));
    }

}
