package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrossingLinesTest {

  private final List<SampleRace.Sent> sent = new ArrayList<>();
  private final List<RacingTeam> teams = SampleRace.teams(2);
  private final RacingTeam first = teams.get(0);
  private final RacingTeam second = teams.get(1);
  private final Standings standings = new Standings(teams);
  private final ApexFeed<RuntimeException> feed = new ApexFeed<>(SampleRace.connection(sent),
      SampleRace.TIMELINE, "1H RESISTENCIA SIMULADA", FeedStyle.SANTOS, teams);
  private final CrossingLines<RuntimeException> lines = new CrossingLines<>(feed, standings);

  @Test
  void theLeadersFirstLapIsTheBestOfTheRace() {
    cross(first, 110_000, false, false);

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly(
        "r1c2|sr|\nr1c6|in|1\nr1c7|tb|1:05.000\nr1c8|in|Vuelta 1\nr1c10|tb|1:05.000\n"
            + "r1|*|65000|\nmsg||Mejor vuelta : TEAM 1 - 1:05.000 (60.92 Km/h)");
  }

  @Test
  void aChaserGetsItsGapAndIntervalToTheTeamAhead() {
    cross(first, 110_000, false, false);
    cross(second, 111_000, false, false);

    assertThat(sent.get(1).text()).isEqualTo("r2c2|sr|\nr2c6|in|1\nr2c7|ti|1:06.000\n"
        + "r2c8|ib|1.000\nr2c9|in|1.000\nr2c10|in|1:06.000\nr2|*|66000|");
  }

  @Test
  void whoeverTakesTheBestLapTakesItsColoursFromTheHolder() {
    cross(first, 110_000, false, false);
    second.prevCrossAt = 47_000; // a 64 s lap
    cross(second, 111_000, false, false);

    assertThat(sent.get(1).text()).startsWith("r1c7|ti|1:05.000\nr1c10|in|1:05.000\nr2c2|sr|\n")
        .contains("\nr2c7|tb|1:04.000\n", "\nr2c10|tb|1:04.000\n")
        .endsWith("\nmsg||Mejor vuelta : TEAM 2 - 1:04.000 (61.88 Km/h)");
  }

  @Test
  void sometimesTheLapsCellComesAloneInAFrameOfItsOwn() {
    // seed 21: the team's first draw is 0.0265, under the 3 % of split crossings
    RacingTeam split = new RacingTeam(0, 1, "1", "TEAM 1", first.drivers,
        new SplittableRandom(21));
    split.gridPos = 1;
    split.position = 1;
    Standings alone = new Standings(List.of(split));
    ApexFeed<RuntimeException> feedAlone = new ApexFeed<>(SampleRace.connection(sent),
        SampleRace.TIMELINE, "T", FeedStyle.SANTOS, List.of(split));
    new CrossingLines<>(feedAlone, alone).write(crossing(split, alone, 110_000, false, false));

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly("r1c2|sr|\nr1c6|in|1",
        "r1c7|tb|1:05.000\nr1c8|in|Vuelta 1\nr1c10|tb|1:05.000\nr1|*|65000|\n"
            + "msg||Mejor vuelta : TEAM 1 - 1:05.000 (60.92 Km/h)");
  }

  @Test
  void afterAPitLapTheHintIsTheTypicalLapAndThePitClockGoes() {
    feed.begin();
    feed.cell(first, Column.ON_TRACK, "to", "00.");
    feed.send(0);
    cross(first, 110_000, true, false);

    assertThat(sent.get(1).text()).isEqualTo("r1c2|sr|\nr1c6|in|1\nr1c7|tn|1:05.000\n"
        + "r1c8|in|Vuelta 1\nr1c11|in|0:00\nr1|*|66000|");
  }

  @Test
  void aFinishHasTheFlagStatusAndNoHint() {
    cross(first, 110_000, false, true);
    assertThat(sent.get(0).text()).startsWith("r1c2|sf|\nr1c6|in|1\n").contains("\nr1|*||\n");
  }

  /** As the coordinator does: the lap, the standings, the lines, then the team's books. */
  private void cross(RacingTeam x, long at, boolean pitLap, boolean finishing) {
    feed.begin();
    CrossingLines.Crossing c = crossing(x, standings, at, pitLap, finishing);
    lines.write(c);
    if (c.personalBest()) {
      x.bestMs = c.lapMs();
    }
    x.lastMs = c.lapMs();
    if (c.overallBest()) {
      standings.newOverallBest(x, c.lapMs());
    }
  }

  /** A crossing of a team whose lap began at its {@code prevCrossAt}, or at 45 s (green). */
  private static CrossingLines.Crossing crossing(RacingTeam x, Standings standings, long at,
      boolean pitLap, boolean finishing) {
    if (x.prevCrossAt == 0) {
      x.prevCrossAt = 45_000;
    }
    long lapMs = x.crossLine(at);
    int oldPos = x.position;
    standings.savePositions();
    standings.sort();
    boolean personalBest = !pitLap && (x.bestMs < 0 || lapMs < x.bestMs);
    boolean overallBest = personalBest && standings.beatsOverallBest(lapMs);
    return new CrossingLines.Crossing(x, at, lapMs, oldPos, pitLap, finishing, personalBest,
        overallBest, 66_000);
  }
}
