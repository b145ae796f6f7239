package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.contracts.RaceRules.Field;
import lts.core.event.CompetitorRegistered;
import lts.core.event.PitIn;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;
import lts.store.Database;
import lts.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

class StoredRulesTest {

  static final RaceRules DEFAULTS = RaceRules.defaults(5);

  private static Map<Field, Long> stored(Field field, Long value) {
    Map<Field, Long> values = new EnumMap<>(DEFAULTS.values());
    values.put(field, value);
    return values;
  }

  @Test
  void validStoredValuesAreTheRulesAsTheyAre() {
    StoredRules.Clamped c = StoredRules.clamp(stored(Field.PIT_ROWS, 3L), DEFAULTS);
    assertThat(c.problems()).isEmpty();
    assertThat(c.rules().pitRows()).isEqualTo(3);
    assertThat(c.rules().avgLaps()).isEqualTo(5);
  }

  @Test
  void aValueOverItsUpperBoundIsClampedAndTheProblemNamesTheField() {
    StoredRules.Clamped c = StoredRules.clamp(stored(Field.PIT_ROWS, 300_000_000L), DEFAULTS);
    assertThat(c.rules().pitRows()).isEqualTo(20);
    assertThat(c.problems()).containsExactly(
        "pit_rows must be between 1 and 20 rows, not 300000000");
  }

  @Test
  void aValueUnderItsLowerBoundIsClampedToIt() {
    StoredRules.Clamped c = StoredRules.clamp(stored(Field.SPARE_KARTS, -2L), DEFAULTS);
    assertThat(c.rules().spareKarts()).isZero();
    assertThat(c.problems()).singleElement().asString().startsWith("spare_karts");
  }

  @Test
  void valuesThatStillMakeNoRulesGiveTheDefaults() {
    Map<Field, Long> values = stored(Field.MIN_DRIVER_MS, 7_200_000L);
    values.put(Field.MAX_DRIVER_MS, 3_600_000L);
    values.put(Field.PIT_ROWS, 4L);
    StoredRules.Clamped c = StoredRules.clamp(values, DEFAULTS);
    assertThat(c.rules()).isEqualTo(DEFAULTS);
    assertThat(c.problems()).contains("the defaults are used");
  }

  @Test
  void aStoredPitRowsOf300MillionIsReadAs20AndThePitLaneHas20Rows() throws Exception {
    try (TestDatabases databases = new TestDatabases(TestDatabases.Kind.H2, "StoredRulesTest");
        Database db = databases.open(databases.create("rules"))) {
      StoredRules rules = new StoredRules(DEFAULTS);
      RaceRules read;
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        assertThat(rules.read(c, "santos")).isEqualTo(DEFAULTS); // inserted the first time
        s.executeUpdate("UPDATE race_settings SET pit_rows = 300000000 WHERE event_code = 'santos'");
        read = rules.read(c, "santos");
        try (ResultSet rs = s.executeQuery("SELECT pit_rows FROM race_settings")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).as("the stored row is left as it is").isEqualTo(300_000_000);
        }
      }
      assertThat(read.pitRows()).isEqualTo(20);
      SessionModel session = new SessionModel("santos", 1, 0);
      session.apply(new SessionStarted("s/1/0", "santos", 1, 0, SessionKind.RACE, "", "", ""));
      session.apply(new CompetitorRegistered("s/2/0", "santos", 1, 0, 1, "1", "ONE"));
      session.apply(new PitIn("s/3/0", "santos", 1, 60_000, 1));
      session.rows(read, LabelOverrides.NONE, true);
      assertThat(session.pitLane().lane(read.pitRows(), read.spareKarts()).rowCount())
          .isEqualTo(20);
    }
  }
}
