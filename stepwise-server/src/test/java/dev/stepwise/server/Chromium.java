package dev.stepwise.server;

import dev.stepwise.store.tck.Services;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Both paths are given to Selenium, so it
 * never looks for or downloads a browser of its own. Absent, the calling test is skipped loudly, or
 * fails when {@code STEPWISE_REQUIRE_SERVICES=1}.
 */
final class Chromium {

    private static final File BROWSER = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    private Chromium() {}

    static WebDriver start() {
        Services.assume(
                "Chromium",
                BROWSER.canExecute() && DRIVER.canExecute(),
                BROWSER + " or " + DRIVER + " is missing: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Saves what the browser shows as target/NAME.png; returns the file. */
    static Path screenshot(WebDriver driver, String name) throws IOException {
        Path target = Path.of("target", name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return target;
    }
}
