package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.BestLap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;
import lts.core.event.LapCompleted;
import lts.core.event.PitIn;
import lts.core.event.PositionChanged;
import lts.core.event.UnparsedLine;
import org.junit.jupiter.api.Test;

class RowLinesTest {

  private final EventLog log = new EventLog();
  private final PitLane pitLane = new PitLane(log.events);
  private final DerivedLaps derived = new DerivedLaps(log.events, log.counters);
  private final RowLines rows = new RowLines(log.events, log.counters,
      new RowCells(log.events, log.counters, new CompetitorNames(log.events),
          new LapPairing(log.events, log.counters, derived), derived, pitLane),
      pitLane, derived);
  private final Session race = EventLog.race(Map.of(3, ColumnType.RANK, 6, ColumnType.LAPS,
      8, ColumnType.GAP, 9, ColumnType.INTERVAL, 10, ColumnType.BEST_LAP));

  RowLinesTest() {
    race.add(12);
  }

  @Test
  void aPositionLineMovesTheRow() {
    rows.read(race, EventLog.line("r12|#|4"));
    rows.read(race, EventLog.line("r12|#|4"));

    assertThat(log.only(PositionChanged.class))
        .extracting(PositionChanged::rowId, PositionChanged::position)
        .containsExactly(tuple(12, 4));
  }

  @Test
  void pitLinesAndCellsReachTheirRow() {
    rows.read(race, EventLog.line("r12|*in|"));
    rows.read(race, EventLog.line("r12c10|tn|1:01.500"));
    rows.read(race, EventLog.line("r12c8|in|+1.234"));
    rows.read(race, EventLog.line("r12c9|in|0.500"));

    assertThat(log.emitted).hasSize(4);
    assertThat(log.emitted.get(0)).isInstanceOf(PitIn.class);
    assertThat(((BestLap) log.emitted.get(1)).lapTimeMs()).isEqualTo(61_500L);
    assertThat(((GapChanged) log.emitted.get(2)).gap().ms()).isEqualTo(1_234L);
    assertThat(((IntervalChanged) log.emitted.get(3)).interval().ms()).isEqualTo(500L);
  }

  @Test
  void animationsAndDisplayOnlyColumnsAreIgnored() {
    rows.read(race, EventLog.line("r12|*|61234|61000"));
    rows.read(race, EventLog.line("r12|*i1|"));
    rows.read(race, EventLog.line("r12c3|rk|4"));

    assertThat(log.emitted).isEmpty();
    assertThat(log.counters.stats().ignoredLines()).isEqualTo(3);
  }

  @Test
  void linesTheGridCannotPlaceAreUnparsed() {
    rows.read(race, EventLog.line("r99|#|1"));
    rows.read(race, EventLog.line("r99c6|in|3"));
    rows.read(race, EventLog.line("r12c77|in|3"));
    rows.read(race, EventLog.line("r12x|in|3"));
    rows.read(race, EventLog.line("r12|?|3"));
    rows.read(race, EventLog.line("r12|#|first"));
    rows.read(race, EventLog.line("r99999999999|#|1"));
    rows.read(null, EventLog.line("r12|*in|"));

    assertThat(log.only(UnparsedLine.class)).extracting(UnparsedLine::reason).containsExactly(
        "unknown_row", "unknown_row", "unknown_column", "unknown_key", "unknown_key",
        "bad_value", "unknown_row", "unknown_row");
    assertThat(log.only(UnparsedLine.class).get(7).session()).isZero();
  }

  @Test
  void withoutALapsColumnTheSameLastLapSentAgainWithTheCrossingLineIsALap() {
    Session derivedLaps = EventLog.race(Map.of(5, ColumnType.LAST_LAP));
    Competitor c = derivedLaps.add(12);
    c.laps = 79;
    c.lastText = "1:06.470";
    c.lastMs = 66_470;
    rows.read(derivedLaps, EventLog.line("r12c5|ti|1:06.470")); // only its class: no lap
    log.frame(2_000);
    rows.read(derivedLaps, EventLog.line("r12c5|tn|1:06.470"));
    rows.read(derivedLaps, EventLog.line("r12|*|66470|"));

    assertThat(log.only(LapCompleted.class))
        .extracting(LapCompleted::lap, LapCompleted::lapTimeMs)
        .containsExactly(tuple(80, 66_470L));
    log.frame(3_000);
    rows.read(derivedLaps, EventLog.line("r12|*|66470|"));
    assertThat(log.only(LapCompleted.class)).as("a crossing line alone").hasSize(1);
  }
}
