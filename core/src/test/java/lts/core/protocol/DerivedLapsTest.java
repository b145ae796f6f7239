package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import org.junit.jupiter.api.Test;

class DerivedLapsTest {

  private final EventLog log = new EventLog();
  private final DerivedLaps derived = new DerivedLaps(log.events, log.counters);
  private final Session noLapsColumn =
      EventLog.race(Map.of(5, ColumnType.LAST_LAP, 7, ColumnType.GAP));
  private final Competitor kart = noLapsColumn.add(3);

  @Test
  void aNewLastLapIsOneMoreDerivedLap() {
    kart.laps = 11;
    derived.lastLap(noLapsColumn, kart, 61_000);

    assertThat(log.only(LapCompleted.class))
        .extracting(LapCompleted::lap, LapCompleted::lapTimeMs, LapCompleted::derived)
        .containsExactly(tuple(12, 61_000L, true));
  }

  @Test
  void withoutACountALastLapIsOnlyShown() {
    derived.lastLap(noLapsColumn, kart, 61_000);

    assertThat(log.emitted).singleElement().isInstanceOf(LastLapShown.class);
    assertThat(kart.laps).isEqualTo(-1);
  }

  @Test
  void theLeadersTourTextCorrectsItsDerivedCount() {
    kart.laps = 20;
    derived.crossCheck(noLapsColumn, kart, GapText.parse("Tour 22"));

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(20, 22, "leader_gap"));
    assertThat(noLapsColumn.leaderLaps).isEqualTo(22);
    assertThat(log.counters.stats().leaderGapMismatches()).isEqualTo(1);
  }

  @Test
  void withALapsColumnTheLeadersGapIsOnlyChecked() {
    Session withLaps = EventLog.race(Map.of(6, ColumnType.LAPS));
    Competitor leader = withLaps.add(1);
    leader.laps = 20;
    derived.crossCheck(withLaps, leader, GapText.parse("Tour 22"));

    assertThat(log.emitted).isEmpty();
    assertThat(log.counters.stats().leaderGapChecks()).isEqualTo(1);
    assertThat(log.counters.stats().leaderGapMismatches()).isEqualTo(1);
  }

  @Test
  void aRowLapsDownIsAnchoredOnTheLeader() {
    noLapsColumn.leaderLaps = 30;
    derived.crossCheck(noLapsColumn, kart, GapText.parse("2 Tours"));
    kart.laps = 27; // hi is 28, lo 27: within range, no correction
    derived.crossCheck(noLapsColumn, kart, GapText.parse("2 Tours"));
    kart.laps = 20;
    derived.crossCheck(noLapsColumn, kart, GapText.parse("2 Tours"));

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(null, 28, "gap_check"), tuple(20, 27, "gap_check"));
    assertThat(log.counters.stats().derivedLapCorrections()).isEqualTo(2);
  }

  /** Row {@code c} crossed the line at race instant {@code at}, ending lap {@code laps}. */
  private static void crossed(Competitor c, long at, int laps) {
    c.crossings.add(at, laps);
  }

  private Competitor leaderAt(int laps, long... crossings) {
    Competitor leader = noLapsColumn.add(1);
    leader.position = 1;
    leader.gap = GapText.parse("Tour " + laps);
    leader.laps = laps;
    for (int i = 0; i < crossings.length; i++) {
      crossed(leader, crossings[i], laps - crossings.length + 1 + i);
    }
    return leader;
  }

  @Test
  void aTimeGapLongerThanALapIsLapsDownCountedOnTheLeadersCrossings() {
    // laps of about 1:01; the row crosses 2:06.083 after the leader ended lap 38: two laps down
    leaderAt(40, 100_000, 161_000, 222_000, 283_000, 344_000);
    kart.position = 5;
    kart.laps = 40; // what the old rule "a time is the leader's lap" made of it
    crossed(kart, 222_000 + 126_083, 40);
    derived.crossCheck(noLapsColumn, kart, GapText.parse("2:06.083"));
    derived.endFrame(noLapsColumn);

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(40, 38, "gap_time"));
    assertThat(kart.laps).isEqualTo(38);
    assertThat(log.counters.stats().timeGapMismatches()).isEqualTo(1);
  }

  @Test
  void aTimeIntervalIsMeasuredFromTheRowAheadOnceTheFramesPositionsAreKnown() {
    leaderAt(41, 400_000, 482_000);
    Competitor ahead = noLapsColumn.add(7);
    ahead.position = 6;
    ahead.gap = GapText.parse("2 Tours");
    ahead.laps = 39;
    crossed(ahead, 300_000, 38);
    crossed(ahead, 382_000, 39);
    kart.position = 8;
    kart.laps = 41;
    crossed(kart, 390_125, 41);
    // the gap is to the head of the lap group two laps down, not to the leader: no conclusion
    derived.crossCheck(noLapsColumn, kart, GapText.parse("8.125"));
    derived.interval(kart, GapText.parse("8.125"));
    kart.position = 7; // the position line comes after the cells in the frame
    derived.endFrame(noLapsColumn);

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(39, "interval"));
  }

  @Test
  void aTimeGapIsNoLongerReadAsATimeToTheLeaderOnceTheIntervalsContradictIt() {
    leaderAt(20, 100_000, 160_000, 220_000);
    Competitor ahead = noLapsColumn.add(4);
    ahead.position = 2;
    ahead.laps = 18;
    crossed(ahead, 150_000, 17);
    crossed(ahead, 210_000, 18);
    kart.position = 3;
    kart.laps = 18;
    crossed(kart, 222_000, 18);
    for (int i = 0; i < DerivedLaps.GAP_CONTRADICTIONS; i++) {
      // 2.000 after the leader's lap 20 but 12.000 after the row ahead's lap 18
      derived.crossCheck(noLapsColumn, kart, GapText.parse("2.000"));
      derived.interval(kart, GapText.parse("12.000"));
      derived.endFrame(noLapsColumn);
    }
    derived.crossCheck(noLapsColumn, kart, GapText.parse("2.000"));
    derived.endFrame(noLapsColumn);

    assertThat(log.only(LapCountCorrected.class)).isEmpty();
    assertThat(noLapsColumn.gapsNotToLeader).isEqualTo(DerivedLaps.GAP_CONTRADICTIONS);
    assertThat(log.counters.stats().timeGapChecks()).isEqualTo(DerivedLaps.GAP_CONTRADICTIONS);
  }

  @Test
  void aTimeGapThatMatchesNoCrossingOfItsReferenceChangesNothing() {
    leaderAt(40, 100_000, 161_000, 222_000);
    kart.position = 2;
    kart.laps = 33;
    crossed(kart, 252_000, 33);
    // 222 000 - 30 500 ends half-way between two of the leader's crossings
    derived.crossCheck(noLapsColumn, kart, GapText.parse("1:00.500"));
    derived.endFrame(noLapsColumn);
    // a gap reaching further back than the crossings kept
    derived.crossCheck(noLapsColumn, kart, GapText.parse("5:00.000"));
    derived.endFrame(noLapsColumn);

    assertThat(log.emitted).isEmpty();
    assertThat(kart.laps).isEqualTo(33);
    assertThat(log.counters.stats().timeGapChecks()).isZero();
  }

  @Test
  void aRowWithoutAKnownCountIsAnchoredByItsTimeGap() {
    leaderAt(12, 100_000, 161_000, 222_000);
    kart.position = 3;
    crossed(kart, 165_000, -1);
    crossed(kart, 226_000, -1);
    derived.crossCheck(noLapsColumn, kart, GapText.parse("4.000"));
    derived.endFrame(noLapsColumn);

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to)
        .containsExactly(tuple(null, 12));
  }

  @Test
  void withALapsColumnATimeGapIsOnlyChecked() {
    Session withLaps = EventLog.race(Map.of(6, ColumnType.LAPS, 8, ColumnType.GAP));
    Competitor leader = withLaps.add(1);
    leader.position = 1;
    leader.gap = GapText.parse("Vuelta 20");
    crossed(leader, 100_000, 19);
    crossed(leader, 160_000, 20);
    Competitor second = withLaps.add(2);
    second.position = 2;
    second.laps = 19;
    crossed(second, 103_000, 19);
    derived.crossCheck(withLaps, second, GapText.parse("3.000"));
    derived.endFrame(withLaps);

    assertThat(log.emitted).isEmpty();
    assertThat(log.counters.stats().timeGapChecks()).isEqualTo(1);
    assertThat(log.counters.stats().timeGapMismatches()).isZero();
  }

  @Test
  void aFreshSessionWithoutLapsColumnStartsAtZeroUnlessALapWasShown() {
    Grid blank = new Grid(Map.of(5, ColumnType.LAST_LAP), List.of(
        new Grid.Row(3, 1, Map.of(5, new Grid.Cell("tn", " ")))), true);
    Grid running = new Grid(Map.of(5, ColumnType.LAST_LAP), List.of(
        new Grid.Row(3, 1, Map.of(5, new Grid.Cell("tn", "1:02.000")))), true);

    assertThat(DerivedLaps.startsAtZero(noLapsColumn, blank)).isTrue();
    assertThat(DerivedLaps.startsAtZero(noLapsColumn, running)).isFalse();
    assertThat(DerivedLaps.startsAtZero(EventLog.race(Map.of(6, ColumnType.LAPS)), blank))
        .isFalse();
  }
}
