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
