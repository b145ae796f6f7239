package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PositionChanged;
import lts.core.event.SessionKind;
import org.junit.jupiter.api.Test;

class GridRowsTest {

  private final EventLog log = new EventLog();
  private final GridRows gridRows =
      new GridRows(log.events, new CompetitorNames(log.events), new PitLane(log.events),
          new DerivedLaps(log.events, log.counters));
  private final Session race = new Session(1, new Snapshot(SessionKind.RACE));

  private static Grid.Cell cell(String cssClass, String text) {
    return new Grid.Cell(cssClass, text);
  }

  @Test
  void aSnapshotAddsItsRowsWithTheirLapCountsAndPits() {
    Grid grid = new Grid(
        Map.of(1, ColumnType.NUMBER, 2, ColumnType.NAME, 3, ColumnType.LAPS, 4, ColumnType.PITS,
            5, ColumnType.PIT_CLOCK),
        List.of(new Grid.Row(10, 2, Map.of(1, cell("no", "7"), 2, cell("dr", "KTA"),
            3, cell("in", "41"), 4, cell("in", "2"), 5, cell("to", "0:30")))),
        true);

    gridRows.apply(race, grid, "snapshot");

    assertThat(race.find(10).standing().laps()).isEqualTo(41);
    assertThat(log.only(PositionChanged.class)).extracting(PositionChanged::position)
        .containsExactly(2);
    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(null, 41, "snapshot"));
    assertThat(log.only(PitCountChanged.class)).extracting(PitCountChanged::pits)
        .containsExactly(2);
    assertThat(log.only(PitIn.class)).hasSize(1);
  }

  @Test
  void withoutALapsColumnNewRowsOfAFreshSessionStartAtZero() {
    Grid grid = new Grid(Map.of(1, ColumnType.NUMBER, 2, ColumnType.LAST_LAP),
        List.of(new Grid.Row(10, 1, Map.of(1, cell("no", "7"), 2, cell("tn", "")))), true);

    gridRows.apply(race, grid, "snapshot");

    assertThat(log.only(LapCountCorrected.class)).extracting(LapCountCorrected::to)
        .containsExactly(0);
    assertThat(log.only(LastLapShown.class)).isEmpty();
  }

  @Test
  void aResnapshotEmitsOnlyWhatChanged() {
    Grid first = new Grid(Map.of(1, ColumnType.NUMBER, 2, ColumnType.LAPS, 3, ColumnType.LAST_LAP),
        List.of(new Grid.Row(10, 1, Map.of(1, cell("no", "7"), 2, cell("in", "5"),
            3, cell("tn", "1:02.000")))), true);
    Grid again = new Grid(first.columns(),
        List.of(new Grid.Row(10, 1, Map.of(1, cell("no", "7"), 2, cell("in", "6"),
            3, cell("tn", "1:02.000")))), true);
    gridRows.apply(race, first, "snapshot");
    log.emitted.clear();

    gridRows.apply(race, again, "resnapshot");

    assertThat(log.emitted).singleElement().isInstanceOfSatisfying(LapCountCorrected.class,
        c -> assertThat(c.reason()).isEqualTo("resnapshot"));
  }

  @Test
  void noGridChangesNothing() {
    gridRows.apply(race, null, "snapshot");

    assertThat(log.emitted).isEmpty();
    assertThat(race.size()).isZero();
  }
}
