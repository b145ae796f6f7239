package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApexFeedTest {

  private final List<SampleRace.Sent> sent = new ArrayList<>();
  private final List<RacingTeam> teams = SampleRace.teams(2);
  private final RacingTeam first = teams.get(0);
  private final RacingTeam second = teams.get(1);
  private final ApexFeed<RuntimeException> feed = new ApexFeed<>(SampleRace.connection(sent),
      SampleRace.TIMELINE, "1H RESISTENCIA SIMULADA", FeedStyle.SANTOS, teams);

  @Test
  void theRaceTitleSaysHoursOrMinutes() {
    assertThat(ApexFeed.raceTitle(3)).isEqualTo("3H RESISTENCIA SIMULADA");
    assertThat(ApexFeed.raceTitle(1.5)).isEqualTo("90 MIN RESISTENCIA SIMULADA");
  }

  @Test
  void aFrameIsItsLinesWithoutTheLastNewlineAndAnEmptyOneIsNotSent() {
    feed.begin();
    feed.cell(first, Column.LAPS, "in", "3");
    feed.rank(first);
    feed.position(second);
    feed.send(1_000);
    feed.begin();
    feed.send(2_000);

    assertThat(sent).containsExactly(new SampleRace.Sent(1_000, "r1c6|in|3\nr1c3||1\nr2|#|2"));
    assertThat(feed.text(first, Column.LAPS)).isEqualTo("3");
    assertThat(feed.text(first, Column.RANK)).isEqualTo("1");
    assertThat(feed.cls(first, Column.RANK)).isEmpty();
  }

  @Test
  void anUnchangedCellIsNotSentAgain() {
    feed.begin();
    feed.cellIfChanged(first, Column.GAP, "ib", "");
    feed.cellIfChanged(first, Column.GAP, "in", "");
    feed.cellIfChanged(first, Column.GAP, "in", "");
    feed.send(1_000);
    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly("r1c8|in|");
  }

  @Test
  void aPitStopIsItsStatusItsClockAndItsSignals() {
    first.pits = 1;
    first.stintStart = 600_000;
    feed.pitIn(first, 500_000);
    feed.pitClock(first, 501_000, 1, false);
    feed.pitClock(first, 563_000, 63, true);
    feed.pitOut(first, 600_000);

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly(
        "r1c2|si|\nr1c11|to|00.\nr1c13|in|1\nr1|*in|0",
        "r1c11|to|01.",
        "r1c11|to|1:03.\nr1|*in|0",
        "r1c2|so|\nr1c5|drteam|DRIVER 1 [0:00]\nr1|*out|0");
  }

  @Test
  void theDriverCellCountsTheStintOnTrack() {
    first.stintStart = 45_000;
    assertThat(feed.driverText(first, 45_000 + 61 * 60_000)).isEqualTo("DRIVER 1 [1:01]");
    first.stintStart = 100_000;
    first.endStint(100_000 + 30 * 60_000);
    first.stintStart = 100_000 + 32 * 60_000;
    assertThat(feed.driverText(first, 100_000 + 42 * 60_000)).isEqualTo("DRIVER 1 [0:40]");
    first.finished = true;
    assertThat(feed.driverText(first, 100_000 + 42 * 60_000)).isEqualTo("DRIVER 1 [0:30]");
  }

  @Test
  void theRaceControlLogKeepsTheSixNewestEntries() {
    for (int i = 1; i <= 7; i++) {
      feed.logCom(i * 60_000L, "green", i == 7 ? "12" : null, "E" + i);
    }
    feed.begin();
    feed.comLine();
    feed.send(0);
    String com = sent.get(0).text();
    assertThat(com).startsWith("com||<p><b>00:07</b><span data-flag=\"green\"></span>"
        + "<span class=\"com_no notc65535\">12</span>E7</p><p><b>00:06</b>");
    assertThat(com).endsWith("E2</p>").doesNotContain("E1");
  }

  @Test
  void theGapIsLapsDownOrTheTimeSinceTheCarAheadCrossed() {
    first.stintStart = 0;
    first.prevCrossAt = 0;
    first.crossLine(60_000);
    second.crossLine(62_345);
    assertThat(ApexFeed.behind(second, first, 62_345)).isEqualTo("2.345");
    first.crossLine(121_000);
    assertThat(ApexFeed.behind(second, first, 121_000)).isEqualTo("1 Vuelta");
    assertThat(ApexFeed.behind(new RacingTeam(2, 3, "3", "C", first.drivers, first.rng), first,
        70_000)).isEqualTo("2 Vueltas");
  }

  @Test
  void theSnapshotIsTheWholePageAsItIsNow() {
    feed.begin();
    feed.cell(second, Column.ON_TRACK, "to", "05."); // left the pit lane: shown as 0:00
    feed.send(10);
    feed.snapshot(1_000, "lr", false);
    feed.snapshot(1_045_000, "ly", false);
    feed.snapshot(3_800_000, "lf", true);

    String init = sent.get(1).text();
    assertThat(init).startsWith("init|r|\nbest|hide|\n").endsWith("</tbody>\nmsg||")
        .contains("\ntitle1||1H RESISTENCIA SIMULADA\ntitle2||CARRERA\ndyn1|countdown|3600000\n"
            + "light|lr|\nwth1||\nwth2||\nwth3||\ntrack||ADULTO (1100m)\ncom||\ngrid||<tbody>")
        .contains("<tr data-id=\"r1\" data-pos=\"1\"><td data-id=\"r1c1\" class=\"in\"></td>"
            + "<td data-id=\"r1c2\" class=\"in\"></td><td class=\"rk\"><div><p data-id=\"r1c3\" "
            + "class=\"\"></p></div></td><td class=\"no\"><div data-id=\"r1c4\" "
            + "class=\"notc65535\">1</div></td><td data-id=\"r1c5\" class=\"drteam\">"
            + "DRIVER 1 [0:00]</td>")
        .contains("<td data-id=\"r2c11\" class=\"in\">0:00</td>");
    assertThat(sent.get(2).text()).contains("\ndyn1|countdown|2645000\nlight|ly|\n");
    assertThat(sent.get(3).text()).contains("\ndyn1|text|\nlight|lf|\n");
  }
}
