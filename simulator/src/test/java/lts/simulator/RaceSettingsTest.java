package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RaceSettingsTest {

  private static final RaceSettings OK = RaceSettings.defaults();

  @Test
  void theDefaultsAreTheIssues() {
    assertThat(OK).isEqualTo(new RaceSettings(20, 24, 3, 2, 6, 120, 50, 3, 1));
    assertThat(OK.validate()).isEmpty();
    assertThat(OK.durationMs()).isEqualTo(10_800_000);
  }

  @Test
  void moreTeamsThanKarts() {
    assertThat(OK.withKarts(19).validate())
        .containsExactly("more teams (20) than karts (19): every team needs a kart");
  }

  @Test
  void everyRowNeedsASpareKart() {
    assertThat(OK.withKarts(21).validate()).containsExactly(
        "each pit row needs at least one spare kart: karts - teams = 1 spare karts for 2 rows");
    assertThat(OK.withKarts(20).validate()).hasSize(1);
    assertThat(OK.withKarts(22).validate()).isEmpty();
    assertThat(OK.withPitRows(4).validate()).isEmpty();
    assertThat(OK.withPitRows(5).validate()).hasSize(1);
  }

  @Test
  void atLeastOneRow() {
    assertThat(OK.withPitRows(0).validate())
        .containsExactly("pitRows must be at least 1 (got 0)");
  }

  @Test
  void theRaceMustLast() {
    assertThat(OK.withHours(0).validate()).containsExactly("hours must be more than 0 (got 0)");
    assertThat(OK.withHours(-2).validate()).containsExactly("hours must be more than 0 (got -2)");
    assertThat(OK.withHours(Double.NaN).validate())
        .containsExactly("hours must be more than 0 (got NaN)");
    assertThat(OK.withHours(49).validate()).containsExactly("at most 48 hours (got 49)");
    assertThat(OK.withHours(0.1).withMinPits(0).validate())
        .containsExactly("the race must last at least 10 minutes (got 0.1 h)");
    assertThat(OK.withHours(24).validate()).isEmpty();
    assertThat(OK.withHours(1.5).validate()).isEmpty();
  }

  @Test
  void theStopsMustFit() {
    assertThat(OK.withHours(1).withMinPits(10).validate()).containsExactly(
        "10 stops of 120 s with stints of at least 4 minutes need 64 minutes: more than the"
            + " 60-minute race");
    assertThat(OK.withHours(1).withMinPits(9).validate()).isEmpty();
  }

  @Test
  void otherLimits() {
    assertThat(OK.withTeams(0).validate()).contains("teams must be at least 1 (got 0)");
    assertThat(OK.withTeams(101).withKarts(110).validate())
        .containsExactly("at most 100 teams (got 101)");
    assertThat(OK.withKarts(401).validate()).containsExactly("at most 400 karts (got 401)");
    assertThat(OK.withMinPits(-1).validate()).containsExactly("minPits must be 0 or more (got -1)");
    assertThat(OK.withPitTimeS(0).validate())
        .containsExactly("pitTimeS must be at least 1 second (got 0)");
    assertThat(OK.withPitTimeS(3601).validate())
        .containsExactly("pitTimeS must be at most 3600 seconds (got 3601)");
    assertThat(OK.withMaxStintMin(4).validate())
        .containsExactly("maxStintMin must be at least 5 minutes (got 4)");
    assertThat(OK.withDriversPerTeam(0).validate())
        .containsExactly("driversPerTeam must be at least 1 (got 0)");
    assertThat(OK.withDriversPerTeam(21).validate())
        .containsExactly("driversPerTeam must be at most 20 (got 21)");
  }

  @Test
  void everyProblemIsReported() {
    RaceSettings bad = new RaceSettings(30, 20, 0, 0, -1, 0, 0, 0, 1);
    assertThat(bad.validate()).hasSize(7);
  }

  @Test
  void withersChangeOneField() {
    RaceSettings s = OK.withTeams(40).withKarts(48).withHours(24).withPitRows(3).withMinPits(20)
        .withPitTimeS(180).withMaxStintMin(60).withDriversPerTeam(5).withSeed(42);
    assertThat(s).isEqualTo(new RaceSettings(40, 48, 24, 3, 20, 180, 60, 5, 42));
  }
}
