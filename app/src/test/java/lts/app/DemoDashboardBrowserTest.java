package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The product as a user sees it: {@code lts demo} started for real (embedded Kafka and H2, the
 * simulated race replayed through every runner), the dashboard opened in headless Chromium.
 * Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver):
 * skipped without them, failed under {@code LTS_REQUIRE_REAL=1}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDashboardBrowserTest {

  private DemoCommand demo;
  private CompletableFuture<Integer> running;
  private ChromeDriver browser;
  private String base;

  @BeforeAll
  void startDemoAndBrowser() throws Exception {
    HeadlessChromium.assumePresent();
    demo = new DemoCommand();
    CommandLine cli = new CommandLine(demo);
    cli.setErr(new PrintWriter(new StringWriter(), true));
    running = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0", "--speed", "30"));
    assertThat(demo.awaitReady(60_000)).as("demo ready").isTrue();
    base = "http://127.0.0.1:" + demo.api.port() + "/";
    browser = HeadlessChromium.start();
    browser.manage().window().setSize(new Dimension(1280, 900));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null) {
      demo.stop();
      assertThat(running.get()).isZero();
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    // the dashboard re-renders live: an element read a moment ago may be gone
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(250));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.withMessage(this::whatWasShown);
    return wait;
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("tr[data-row]"));
  }

  private int lapsOf(String rowId) {
    String text = browser.findElement(By.cssSelector("tr[data-row='" + rowId + "'] .c-laps")).getText().trim();
    return text.matches("\\d+") ? Integer.parseInt(text) : -1;
  }

  /** The longest pit clock shown in the standings, in seconds (-1: no team in the pit lane). */
  private long longestPitClock() {
    long longest = -1;
    for (WebElement c : browser.findElements(By.cssSelector("tr[data-row] .pit-clock"))) {
      String text = c.getText().trim();
      if (text.matches("\\d+:\\d\\d")) {
        String[] p = text.split(":");
        longest = Math.max(longest, Long.parseLong(p[0]) * 60 + Long.parseLong(p[1]));
      }
    }
    return longest;
  }

  @Test
  @Order(2)
  void thePitClocksRunOnTheRacesClockAtTheReplaysPace() {
    browser.get(base + "#/event/" + eventCode());
    waitUpTo(60).until(d -> rows().size() == 20);
    // a stop of about 2 min lasts 4 s at 30x: its clock, counting on the race's own clock, shows
    // it going past half a minute (on the wall clock it would stay near 0:00, and the race's
    // instants, ahead of the wall clock in a replay, would make it show nothing)
    waitUpTo(90).until(d -> longestPitClock() >= 30 && longestPitClock() < 240);
  }

  @Test
  @Order(1)
  void dashboardShowsEveryTeamLabelsLiveLapsPitLaneAndCharts() throws Exception {
    browser.get(base);
    // the single live event opens by itself
    waitUpTo(60).until(d -> rows().size() == 20);
    // label colours appear once the kart model can tell karts from drivers: about 35 min into
    // the default simulated race (a driver must have driven two karts), 72 s at 30x
    // until then the summary says why every kart is "Unknown"; the hint goes with the first label
    By rated = By.cssSelector("tr[data-row] .chip-good, tr[data-row] .chip-bad");
    By unratedHint = By.cssSelector(".table-summary .unrated-hint");
    boolean hintShownBeforeLabels = waitUpTo(30).until(d -> !d.findElements(unratedHint).isEmpty()
        || !d.findElements(rated).isEmpty()) && browser.findElements(rated).isEmpty();
    assertThat(hintShownBeforeLabels).as("the race has just started: no kart rated, the hint shown").isTrue();
    waitUpTo(10).until(d -> d.findElement(unratedHint).getText().contains("not rated yet"));
    screenshot("dashboard-unrated-1280.png");
    waitUpTo(240).until(d -> !d.findElements(rated).isEmpty());
    waitUpTo(10).until(d -> d.findElements(unratedHint).isEmpty());
    String leader = waitUpTo(10).until(d -> rows().get(0).getAttribute("data-row"));
    int laps = waitUpTo(10).until(d -> lapsOf(leader));
    // a lap count increases live, without reload
    waitUpTo(60).until(d -> lapsOf(leader) > laps);
    screenshot("dashboard-1280.png");

    browser.get(base + "#/event/" + eventCode() + "/pit-lane");
    waitUpTo(30).until(d -> d.findElement(By.cssSelector(".odds")).getText().contains("%")
        && !d.findElements(By.cssSelector(".lane-row")).isEmpty());
    screenshot("pit-lane-1280.png");

    browser.get(base + "#/event/" + eventCode() + "/charts");
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("canvas")).isEmpty());
    screenshot("charts-1280.png");

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "#/event/" + eventCode());
    waitUpTo(30).until(d -> rows().size() == 20);
    Boolean visible = waitUpTo(10).until(d -> rows().get(0).isDisplayed()
        && rows().get(0).findElement(By.cssSelector(".c-laps")).isDisplayed());
    assertThat(visible).isTrue();
    screenshot("dashboard-390.png");
  }

  /** On a timeout: the page and the API side by side, and a screenshot, to tell which lagged. */
  private String whatWasShown() {
    StringBuilder out = new StringBuilder();
    try {
      screenshot("timeout-" + System.currentTimeMillis() + ".png");
      out.append("page: ").append(browser.getCurrentUrl()).append(" | header: ")
          .append(browser.findElements(By.cssSelector("header")).stream().map(WebElement::getText)
              .findFirst().orElse("none").replace('\n', ' '))
          .append(" | summary: ").append(browser.findElements(By.cssSelector(".table-summary"))
              .stream().map(WebElement::getText).findFirst().orElse("none").replace('\n', ' '))
          .append(" | first row: ").append(rows().isEmpty() ? "none" : rows().get(0).getText()
              .replace('\n', ' '));
    } catch (Exception e) {
      out.append(" (page unreadable: ").append(e).append(')');
    }
    try {
      HttpResponse<String> api = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(
              base + "api/v1/events/" + eventCode() + "/standings")).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = api.body();
      out.append(" | api standings ").append(api.statusCode()).append(": ")
          .append(body, 0, Math.min(body.length(), 600));
    } catch (Exception e) {
      out.append(" | api unreadable: ").append(e);
    }
    try {
      browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
          .forEach(entry -> out.append(" | console: ").append(entry.getMessage()));
    } catch (Exception e) {
      out.append(" | no console log: ").append(e.getClass().getSimpleName());
    }
    return out.toString();
  }

  private String eventCode() {
    String hash = (String) browser.executeScript("return location.hash");
    return hash != null && hash.startsWith("#/event/") ? hash.substring(8).split("/")[0] : "sim-1";
  }

  private void screenshot(String name) throws Exception {
    HeadlessChromium.screenshot(browser, name);
  }
}
