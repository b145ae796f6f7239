package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import lts.api.ApiServer;
import lts.api.LiveUpdates;
import lts.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The session picker of the dashboard, in Chromium, against the real api over H2: a feed whose
 * race (finished) was followed by the practice session Apex opens after the flag. The race is
 * shown by default; picking the practice shows its standings, the choice survives a reload, and
 * picking the race again (by keyboard) goes back to the default address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSessionPickerBrowserTest {

  private Database database;
  private LiveUpdates updates;
  private ApiServer server;
  private ChromeDriver browser;
  private String base;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumePresent();
    database = Database.open("jdbc:h2:mem:lts_picker_" + System.nanoTime(), null, null);
    insertARaceAndThePracticeAfterIt(System.currentTimeMillis());
    updates = new LiveUpdates();
    server = ApiServer.start(new ApiServer.Settings("127.0.0.1", 0, null), database.dataSource(),
        updates, () -> "");
    base = "http://127.0.0.1:" + server.port() + "/";
    browser = HeadlessChromium.start();
    browser.manage().window().setSize(new Dimension(1280, 900));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (updates != null) {
      updates.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private void insertARaceAndThePracticeAfterIt(long now) throws Exception {
    long start = now - 3_600_000;
    long flag = now - 600_000;
    String teams = "INSERT INTO teams (event_code, session, row_id, number, name, driver, position, "
        + "laps, last_lap_ms, best_lap_ms, gap_kind, gap_ms, gap_laps, gap_text, interval_kind, "
        + "interval_ms, interval_laps, interval_text, pits, pit_visits, in_pit, stints, last_at) VALUES ";
    try (Connection c = database.connection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO race_settings (event_code, min_pit_stops, pit_time_ms, pit_rows, "
          + "spare_karts, max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, "
          + "min_clean_laps) VALUES ('vallejo', 4, 120000, 1, 1, NULL, NULL, NULL, 5, 250, 5)");
      s.execute("INSERT INTO sessions (event_code, session, kind, title1, title2, track, light, "
          + "remaining_clock, remaining_ms, remaining_text, remaining_at, resumed, field_median_ms, "
          + "pit_loss_ms, pit_loss_measured, started_at, last_at) VALUES "
          + "('vallejo', 2, 'RACE', '6H VALLEJO', 'CARRERA', 'PISTA', 'FINISHED', 'COUNTDOWN', 0, '0', "
          + flag + ", 0, 65400, 180000, 1, " + start + ", " + flag + "), "
          + "('vallejo', 3, 'PRACTICE', '6H VALLEJO', 'ENTRENOS', 'PISTA', 'GREEN', NULL, NULL, NULL, "
          + "NULL, 0, NULL, NULL, 0, " + (flag + 60_000) + ", " + now + ")");
      s.execute(teams
          + "('vallejo', 2, 20, '1', 'RACE WINNER', 'EVA', 1, 300, 65000, 64000, 'LEADER', NULL, 300, "
          + "'Vuelta 300', 'NONE', NULL, NULL, '', 4, 4, 0, 5, " + flag + "), "
          + "('vallejo', 2, 21, '2', 'RACE SECOND', 'LUIS', 2, 299, 65500, 64200, 'LAPS', NULL, 1, "
          + "'1 Vuelta', 'TIME', 4000, NULL, '4.000', 4, 4, 0, 5, " + flag + "), "
          + "('vallejo', 3, 30, '1', 'PRACTICE KART', NULL, NULL, NULL, NULL, NULL, 'NONE', NULL, NULL, "
          + "'', 'NONE', NULL, NULL, '', NULL, 0, 0, 0, " + now + ")");
      // the winner's stops: one Apex counts, a red-flag visit it does not, one begun in a hole
      long in = start + 1_000_000;
      s.execute("INSERT INTO stints (event_code, session, row_id, stint, start_lap, end_lap, laps, "
          + "timed_laps, clean_laps, driver, start_at, end_at, driving_ms, best_ms, avg_ms, "
          + "avg_laps, score_ms, label, label_override) VALUES "
          + "('vallejo', 2, 20, 1, 1, 60, 60, 60, 55, 'EVA', NULL, NULL, NULL, 64000, 65000, 5, "
          + "-200, 'GOOD', NULL), "
          + "('vallejo', 2, 20, 2, 61, 120, 60, 60, 55, 'LUIS', NULL, NULL, NULL, 64100, 65100, 5, "
          + "0, 'UNKNOWN', NULL), "
          + "('vallejo', 2, 20, 3, 121, 180, 60, 60, 55, 'EVA', NULL, NULL, NULL, 64200, 65200, 5, "
          + "0, 'UNKNOWN', NULL)");
      s.execute("INSERT INTO pit_stops (event_code, session, row_id, pit, counted, inferred, lap_in, "
          + "in_at, out_at, duration_ms, pit_time_ms, loss_ms, apex_stop, in_hole, "
          + "lap_in_estimated) VALUES "
          + "('vallejo', 2, 20, 1, 1, 0, 60, " + in + ", " + (in + 121_000) + ", 121000, 121000, "
          + "NULL, 1, 0, 0), "
          + "('vallejo', 2, 20, 2, 0, 0, 120, " + (in + 900_000) + ", " + (in + 4_500_000)
          + ", 3600000, NULL, NULL, NULL, 0, 0), "
          + "('vallejo', 2, 20, 3, 1, 1, 180, " + (in + 5_000_000) + ", " + (in + 5_000_000)
          + ", NULL, NULL, NULL, 2, 1, 1)");
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.withMessage(() -> "page " + browser.getCurrentUrl() + " | header: "
        + browser.findElement(By.cssSelector("header")).getText().replace('\n', ' ') + " | rows "
        + rowIds());
    return wait;
  }

  private List<String> rowIds() {
    return browser.findElements(By.cssSelector("tr[data-row]")).stream()
        .map(r -> r.getAttribute("data-row")).toList();
  }

  private WebElement picker() {
    return browser.findElement(By.id("session"));
  }

  private List<String> options() {
    return new Select(picker()).getOptions().stream().map(WebElement::getText).toList();
  }

  @Test
  void thePitHistoryShowsApexsStopNumbersAndMarksWhatTheFeedDidNotShow() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(base + "#/event/vallejo/pits/20?session=2");
    waitUpTo(15).until(d -> d.findElements(By.cssSelector("table.pits tbody tr")).size() == 3);
    List<String> pitCells = browser.findElements(By.cssSelector("table.pits tbody td.c-pitdur"))
        .stream().map(e -> e.getText().replace('\n', ' ')).toList();
    List<String> lapIn = browser.findElements(By.cssSelector("table.pits tbody td.c-lapin"))
        .stream().map(WebElement::getText).toList();
    HeadlessChromium.screenshot(browser, "pit-history-1280.png");

    // newest first: the stop begun in a hole, the red flag's visit, the first stop
    assertThat(pitCells).hasSize(3);
    assertThat(pitCells.get(0)).contains("stop 2").contains("in a hole");
    assertThat(pitCells.get(1)).contains("not counted").contains("1:00:00"); // not "60:00"
    assertThat(pitCells.get(2)).contains("2:01").contains("stop 1");
    assertThat(lapIn).containsExactly("\u2248180", "120", "60");
  }

  @Test
  void thePickerListsTheSessionsAndSwitchingShowsTheOtherSessionsStandings() throws Exception {
    browser.get(base + "#/event/vallejo");
    // by default the race, not the practice session opened after its flag
    waitUpTo(20).until(d -> rowIds().equals(List.of("20", "21")));
    waitUpTo(10).until(d -> picker().isDisplayed() && options().size() == 2
        && "2".equals(picker().getAttribute("value")));
    assertThat(options().get(0)).contains("#3").contains("Practice").contains("ENTRENOS")
        .contains("1 team");
    assertThat(options().get(1)).contains("#2").contains("Race").contains("CARRERA")
        .contains("2 teams").contains("300 laps").contains("finished");
    // labelled for a screen reader: the visible label wraps it, and it has its own name
    assertThat(picker().findElement(By.xpath("..")).getTagName()).isEqualTo("label");
    assertThat(picker().getAttribute("aria-label")).isEqualTo("Session");
    HeadlessChromium.screenshot(browser, "session-picker-1280.png");

    new Select(picker()).selectByValue("3");
    waitUpTo(10).until(d -> rowIds().equals(List.of("30")));
    assertThat(browser.getCurrentUrl()).endsWith("#/event/vallejo?session=3");
    assertThat(browser.findElement(By.cssSelector("tr[data-row='30']")).getText())
        .contains("PRACTICE KART");

    browser.navigate().refresh();
    waitUpTo(20).until(d -> rowIds().equals(List.of("30")));
    waitUpTo(10).until(d -> "3".equals(picker().getAttribute("value")));

    // the tabs keep the session
    assertThat(browser.findElement(By.cssSelector("a.tab[data-tab='after-stops']"))
        .getAttribute("href")).endsWith("#/event/vallejo/after-stops?session=3");

    // by keyboard: the race is the next option down, and the default address again
    picker().sendKeys(Keys.ARROW_DOWN);
    waitUpTo(10).until(d -> rowIds().equals(List.of("20", "21")));
    assertThat(browser.getCurrentUrl()).endsWith("#/event/vallejo");
    waitUpTo(10).until(d -> "2".equals(picker().getAttribute("value")));
    assertThat(browser.switchTo().activeElement().getAttribute("id"))
        .as("the focus stays on the picker").isEqualTo("session");

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "#/event/vallejo?session=3");
    waitUpTo(20).until(d -> rowIds().equals(List.of("30")));
    waitUpTo(10).until(d -> picker().isDisplayed());
    long right = ((Number) browser.executeScript(
        "return document.getElementById('session').getBoundingClientRect().right")).longValue();
    long width = ((Number) browser.executeScript("return document.documentElement.clientWidth")).longValue();
    assertThat(right).as("the picker fits a phone's width").isLessThanOrEqualTo(width);
    HeadlessChromium.screenshot(browser, "session-picker-390.png");
  }
}
