package io.relman.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium, headless, reading the Temporal Web UI as an SRE would (the only address: 127.0.0.1). */
final class HeadlessChromium implements AutoCloseable {
    private final ChromeDriver browser;
    private final Path screenshot;

    /** A browser whose last page is saved to {@code screenshot} when it closes. */
    HeadlessChromium(Path screenshot) throws IOException {
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1400,1400",
                        "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        this.browser = new ChromeDriver(service, options);
        this.screenshot = screenshot;
    }

    /** Opens {@code url} and waits until its page source passes {@code shows}; the page source then. */
    String await(String url, Predicate<String> shows) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(page -> shows.test(browser.getPageSource()));
        return browser.getPageSource();
    }

    @Override
    public void close() {
        try {
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.quit();
        }
    }
}
