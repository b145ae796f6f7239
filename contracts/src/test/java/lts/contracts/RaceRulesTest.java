package lts.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import lts.contracts.RaceRules.Field;
import org.junit.jupiter.api.Test;

class RaceRulesTest {

  private final RaceRules defaults = RaceRules.defaults(5);

  @Test
  void theDefaultsAreValidRules() {
    assertThat(defaults.pitRows()).isEqualTo(1);
    assertThat(defaults.minPitStops()).isEqualTo(6);
    assertThat(defaults.values()).hasSize(Field.values().length);
    assertThat(RaceRules.check(defaults.values()).rules()).isEqualTo(defaults);
  }

  @Test
  void aValueOverItsUpperBoundIsRefusedNamingTheField() {
    RaceRules.Checked checked = defaults.with(Map.of(Field.PIT_ROWS, 300_000_000L));
    assertThat(checked.valid()).isFalse();
    assertThat(checked.problems()).containsExactly(
        "pit_rows must be between 1 and 20 rows, not 300000000");
  }

  @Test
  void everyWrongFieldIsNamedAtOnce() {
    RaceRules.Checked checked = defaults.with(Map.of(Field.AVG_LAPS, 0L, Field.SPARE_KARTS, 101L,
        Field.MIN_PIT_STOPS, -1L));
    assertThat(checked.problems()).containsExactly(
        "min_pit_stops must be between 0 and 200 stops, not -1",
        "spare_karts must be between 0 and 100 karts, not 101",
        "avg_laps must be between 1 and 100 laps, not 0");
  }

  @Test
  void onlyTheOptionalRulesCanBeRemoved() {
    java.util.HashMap<Field, Long> changes = new java.util.HashMap<>();
    changes.put(Field.MAX_STINT_MS, null);
    assertThat(defaults.with(changes).valid()).isTrue();
    changes.put(Field.PIT_ROWS, null);
    assertThat(defaults.with(changes).problems())
        .containsExactly("pit_rows is required (it cannot be null)");
  }

  @Test
  void theShortestDrivingTimeCannotExceedTheLongest() {
    assertThat(defaults.with(Map.of(Field.MIN_DRIVER_MS, 7_200_000L, Field.MAX_DRIVER_MS,
        3_600_000L)).problems()).containsExactly(
            "min_driver_time_ms (7200000) must not exceed max_driver_time_ms (3600000)");
  }

  @Test
  void rulesOutOfBoundsCannotBeMadeAtAll() {
    assertThatThrownBy(() -> new RaceRules(6, 180_000, 300_000_000, 1, null, null, null, 5, 50, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pit_rows");
  }

  @Test
  void fieldsAreFoundByTheirJsonName() {
    assertThat(Field.byJsonName("min_driver_time_ms")).contains(Field.MIN_DRIVER_MS);
    assertThat(Field.byJsonName("nope")).isEmpty();
  }
}
