package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RacingTeamTest {

  private final RacingTeam team = new RacingTeam(0, 10_001, "7", "KTA",
      List.of(new Driver("ANA", 0, 150), new Driver("LUIS", 50, 200)), new SplittableRandom(1));

  @Test
  void eachCrossingIsALapWithItsTime() {
    team.prevCrossAt = 45_000;
    assertThat(team.crossLine(110_000)).isEqualTo(65_000);
    assertThat(team.crossLine(176_000)).isEqualTo(66_000);
    assertThat(team.laps).isEqualTo(2);
    assertThat(team.reachedAt).isEqualTo(176_000);
    assertThat(team.crossedLapAt(1, -1)).isEqualTo(110_000);
    assertThat(team.crossedLapAt(2, -1)).isEqualTo(176_000);
  }

  @Test
  void aLongRaceKeepsEveryCrossing() {
    for (int lap = 1; lap <= 600; lap++) {
      team.crossLine(lap * 60_000L);
    }
    assertThat(team.crossedLapAt(300, -1)).isEqualTo(18_000_000);
    assertThat(team.crossedLapAt(600, -1)).isEqualTo(36_000_000);
    assertThat(team.crossedLapAt(5_000, -1)).isEqualTo(-1);
  }

  @Test
  void theDriverOnTrackIsCreditedWithHisStints() {
    team.stintStart = 45_000;
    team.endStint(645_000);
    team.driver = 1;
    team.stintStart = 700_000;
    team.endStint(1_000_000);
    team.driver = 0;
    team.stintStart = 1_100_000;
    team.endStint(1_200_000);

    assertThat(team.drivingMs(0)).isEqualTo(700_000);
    assertThat(team.stintsDriven(0)).isEqualTo(2);
    assertThat(team.drivingMs(1)).isEqualTo(300_000);
    assertThat(team.stintsDriven(1)).isEqualTo(1);
    assertThat(team.driverOnTrack().name()).isEqualTo("ANA");
    assertThat(team.inPit()).isFalse();
  }
}
