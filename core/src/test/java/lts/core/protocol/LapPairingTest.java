package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import org.junit.jupiter.api.Test;

class LapPairingTest {

  private final EventLog log = new EventLog();
  private final LapPairing pairing =
      new LapPairing(log.events, log.counters, new DerivedLaps(log.events, log.counters));
  private final Session race =
      EventLog.race(Map.of(6, ColumnType.LAPS, 7, ColumnType.LAST_LAP));
  private final Competitor kart = race.add(10);

  @Test
  void aLapCountThenItsTimeInAnotherFrameMakeOneLap() {
    kart.laps = 4;
    pairing.lapsCell(race, kart, EventLog.line("r10c6|in|5"));
    assertThat(log.emitted).isEmpty();
    assertThat(race.pendingRows).isEqualTo(1);

    log.frame(3_000);
    pairing.lastLapCell(race, kart, EventLog.line("r10c7|tn|1:05.200"));

    assertThat(log.only(LapCompleted.class))
        .extracting(LapCompleted::rowId, LapCompleted::lap, LapCompleted::lapTimeMs,
            LapCompleted::derived)
        .containsExactly(tuple(10, 5, 65_200L, false));
    assertThat(race.pendingRows).isZero();
  }

  @Test
  void aTimeThenItsLapCountMakeOneLap() {
    kart.laps = 4;
    pairing.lastLapCell(race, kart, EventLog.line("r10c7|tn|1:04.900"));
    pairing.lapsCell(race, kart, EventLog.line("r10c6|in|5"));

    assertThat(log.emitted).singleElement().isInstanceOfSatisfying(LapCompleted.class,
        lap -> assertThat(lap.lapTimeMs()).isEqualTo(64_900L));
  }

  @Test
  void aLapCountAloneForTenSecondsIsALapWithoutTime() {
    kart.laps = 4;
    pairing.lapsCell(race, kart, EventLog.line("r10c6|in|5"));

    log.frame(1_000 + 9_999);
    pairing.flushExpired(race);
    assertThat(log.emitted).isEmpty();

    log.frame(1_000 + 10_000);
    pairing.flushExpired(race);
    assertThat(log.only(LapCompleted.class))
        .extracting(LapCompleted::lap, LapCompleted::lapTimeMs).containsExactly(tuple(5, null));
    assertThat(log.counters.stats().lapsWithoutTime()).isEqualTo(1);
  }

  @Test
  void aTimeStillWaitingAtTheEndIsShownAlone() {
    kart.laps = 4;
    pairing.lastLapCell(race, kart, EventLog.line("r10c7|tn|1:04.900"));
    pairing.flushAll(race);

    assertThat(log.only(LastLapShown.class)).extracting(LastLapShown::lapTimeMs)
        .containsExactly(64_900L);
  }

  @Test
  void aCountThatJumpsIsACorrectionNotALap() {
    kart.laps = 4;
    pairing.lapsCell(race, kart, EventLog.line("r10c6|in|9"));

    assertThat(log.only(LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(4, 9, "feed"));
    assertThat(kart.laps).isEqualTo(9);
  }

  @Test
  void theSameTimeWithAnotherClassIsNotANewLap() {
    pairing.lastLapCell(race, kart, EventLog.line("r10c7|tn|1:04.900"));
    pairing.lastLapCell(race, kart, EventLog.line("r10c7|tb|1:04.900"));
    pairing.flushAll(race);

    assertThat(log.emitted).hasSize(1);
  }

  @Test
  void aBlankLapCountIsUnreadableOnlyWhenItHasText() {
    pairing.lapsCell(race, kart, EventLog.line("r10c6|in|x3"));

    assertThat(log.counters.stats().badValues()).isEqualTo(1);
  }
}
