package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.GapChanged;
import lts.core.event.LapCountCorrected;
import org.junit.jupiter.api.Test;

class RowCellsTest {

  private final EventLog log = new EventLog();
  private final DerivedLaps derived = new DerivedLaps(log.events, log.counters);
  private final RowCells cells = new RowCells(log.events, log.counters,
      new CompetitorNames(log.events), new LapPairing(log.events, log.counters, derived), derived,
      new PitLane(log.events));

  @Test
  void withoutALapsColumnEvenAnUnchangedGapReAnchorsTheCount() {
    Session noLaps = EventLog.race(Map.of(7, ColumnType.GAP));
    Competitor leader = noLaps.add(1);
    cells.read(noLaps, leader, ColumnType.GAP, EventLog.line("r1c7|in|Tour 5"));
    leader.laps = 3;
    cells.read(noLaps, leader, ColumnType.GAP, EventLog.line("r1c7|in|Tour 5"));

    assertThat(log.only(GapChanged.class)).hasSize(1);
    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to)
        .containsExactly(tuple(null, 5), tuple(3, 5));
  }

  @Test
  void withALapsColumnAnUnchangedGapIsNotCheckedAgain() {
    Session withLaps = EventLog.race(Map.of(6, ColumnType.LAPS, 7, ColumnType.GAP));
    Competitor leader = withLaps.add(1);
    cells.read(withLaps, leader, ColumnType.GAP, EventLog.line("r1c7|in|Tour 5"));
    cells.read(withLaps, leader, ColumnType.GAP, EventLog.line("r1c7|in|Tour 5"));

    assertThat(log.counters.stats().leaderGapChecks()).isEqualTo(1);
  }

  @Test
  void displayOnlyColumnsAreCountedAsIgnored() {
    Session race = EventLog.race(Map.of(1, ColumnType.STATUS));
    cells.read(race, race.add(1), ColumnType.STATUS, EventLog.line("r1c1|sr|"));

    assertThat(log.emitted).isEmpty();
    assertThat(log.counters.stats().ignoredLines()).isEqualTo(1);
  }
}
