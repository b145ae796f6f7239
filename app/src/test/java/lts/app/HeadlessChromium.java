package lts.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lts.testkit.SharedData;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser of the dashboard's tests: the system's Chromium and ChromeDriver (apt-get install
 * chromium chromium-driver), headless. Without them a test is skipped, or fails under
 * {@code LTS_REQUIRE_REAL=1}.
 */
final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /** Skips the test (or fails it when real parts are required) without Chromium. */
  static void assumePresent() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && SharedData.realPartsRequired()) {
      throw new AssertionError("Chromium or ChromeDriver missing (apt-get install chromium "
          + "chromium-driver); LTS_REQUIRE_REAL=1 makes the browser tests mandatory");
    }
    assumeTrue(present, "Chromium or ChromeDriver missing: skipping the browser test");
  }

  /** A new headless browser that keeps its console log (for the failure messages). */
  static ChromeDriver start() {
    assumePresent();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-component-update", "--disable-sync");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Saves what the browser shows as target/screenshots/{@code name}. */
  static void screenshot(WebDriver browser, String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
