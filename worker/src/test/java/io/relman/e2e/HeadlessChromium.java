package io.relman.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
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

    /**
     * Opens {@code url} and waits until its page source passes {@code shows}; the page source then. A page
     * still without it after a minute is loaded once more (the UI can miss an update on a loaded machine);
     * after the second minute the failure quotes the page's text.
     */
    String await(String url, Predicate<String> shows) {
        for (int load = 1; ; load++) {
            browser.get(url);
            try {
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(page -> shows.test(browser.getPageSource()));
                return browser.getPageSource();
            } catch (TimeoutException notYet) {
                if (load == 2) {
                    String text = browser.findElement(By.tagName("body")).getText();
                    throw new AssertionError(
                            url + " did not show what was awaited in 2 loads of 60 s; its text:\n"
                                    + text.substring(0, Math.min(text.length(), 3000)),
                            notYet);
                }
            }
        }
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
