package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lts.contracts.RaceRules;
import org.junit.jupiter.api.Test;

class KartFitScheduleTest {

  final KartFitSchedule schedule = new KartFitSchedule();

  @Test
  void aClosedStintIsAlwaysAPointAndALapOnlyOnceTheFiveMinutesArePast() {
    assertThat(schedule.isPoint(true, false, 0)).isTrue();
    assertThat(schedule.isPoint(false, true, 0)).isTrue(); // no point yet: the first lap is one
    assertThat(schedule.isPoint(false, false, 0)).isFalse();
    schedule.point(100_000, List.of());
    assertThat(schedule.isPoint(false, true, 299_999)).isFalse();
    assertThat(schedule.isPoint(false, true, KartFitSchedule.KART_FIT_EVERY_MS)).isTrue();
  }

  @Test
  void theFitChangesWithTheLapsOfAPointOrTheRulesAndThenTheLabelsAreWrittenAgain() {
    RaceRules rules = RaceRules.defaults(5);
    assertThat(schedule.fit(rules)).isNull(); // no laps yet
    assertThat(schedule.labelsChanged()).isTrue();
    schedule.committed();
    schedule.fit(rules);
    assertThat(schedule.labelsChanged()).as("same laps, same rules").isFalse();
    schedule.fit(rules.with(java.util.Map.of(RaceRules.Field.LABEL_BAND_MS, 80L)).rules());
    assertThat(schedule.labelsChanged()).as("another label band").isTrue();
  }

  @Test
  void theModelTakesTheLabelBandAndMinimumOfCleanLapsOfTheRace() {
    RaceRules rules = RaceRules.defaults(5).with(java.util.Map.of(RaceRules.Field.LABEL_BAND_MS,
        80L, RaceRules.Field.MIN_CLEAN_LAPS, 7L)).rules();
    assertThat(KartFitSchedule.settingsOf(rules).bandMs()).isEqualTo(80);
    assertThat(KartFitSchedule.settingsOf(rules).minCleanLaps()).isEqualTo(7);
  }
}
