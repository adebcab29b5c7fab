package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver} (installed by {@code scripts/setup-browser})
 * driven through Selenium, headless, with no network of its own: no sync, updates or background
 * requests, which this machine's closed network would refuse.
 */
final class HeadlessChromium {
    private HeadlessChromium() {}

    static WebDriver start(Path profile) {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver.canExecute()).as("chromium-driver is missing: run scripts/setup-browser").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
