package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import lts.contracts.RaceRules;
import lts.core.strategy.LapVerdict;
import lts.core.strategy.OutlierRule;
import lts.core.strategy.StintLaps;
import org.junit.jupiter.api.Test;

class TeamStintsTest {

  final RaceRules rules = RaceRules.defaults(5);
  final TeamStints stints = new TeamStints(new StintLaps(OutlierRule.DEFAULT, 5), rules, null);
  final TeamState team = new TeamState(1, 0);

  private void lap(int n, long ms, long at, Long fieldMs) {
    team.laps.put(n, new TeamState.Lap(n, ms, "ANA", at, false, false, fieldMs, "e" + n));
    team.count = n;
  }

  @Test
  void aStopEndsAStintAndTheLapsAfterItMakeTheOpenOne() {
    for (int n = 1; n <= 6; n++) {
      lap(n, 60_000, n * 60_000L, 60_000L);
    }
    TeamState.Stop stop = new TeamState.Stop(1, 3, 185_000);
    stop.outAt = 245_000L;
    team.stops.add(stop);
    stints.compute(team);
    assertThat(team.stints).extracting(s -> s.number, s -> s.startLap, s -> s.endLap, s -> s.laps)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1, 3, 3),
            org.assertj.core.groups.Tuple.tuple(2, 4, null, 3));
    assertThat(team.stints.get(0).startAt).isZero(); // the first lap's end minus its time
    assertThat(team.stints.get(0).endAt).isEqualTo(185_000L);
    assertThat(team.stints.get(1).startAt).isEqualTo(245_000L);
    assertThat(team.laps.get(3).verdict).isEqualTo(LapVerdict.IN_LAP);
    assertThat(team.laps.get(4).verdict).isEqualTo(LapVerdict.OUT_LAP);
    assertThat(team.laps.get(4).stint).isEqualTo(2);
    assertThat(team.computedWith).isEqualTo(rules);
  }

  @Test
  void aTeamInThePitLaneHasNoOpenStint() {
    lap(1, 60_000, 60_000, 60_000L);
    team.stops.add(new TeamState.Stop(1, 1, 65_000));
    team.inPit = true;
    stints.compute(team);
    assertThat(team.stints).singleElement().satisfies(s -> assertThat(s.endLap).isEqualTo(1));
    assertThat(team.openStint()).isNull();
  }

  @Test
  void thePitLossIsTheInLapAndOutLapOverTwoLapsOfTheField() {
    TeamState.Lap in = new TeamState.Lap(3, 70_000L, "A", 0, false, false, 60_000L, "a");
    TeamState.Lap out = new TeamState.Lap(4, 110_000L, "A", 0, false, false, 61_000L, "b");
    assertThat(TeamStints.pitLoss(in, out)).isEqualTo(70_000 + 110_000 - 2 * 61_000L);
    assertThat(TeamStints.pitLoss(in, null)).isNull();
    TeamState.Lap untimed = new TeamState.Lap(4, null, "A", 0, false, false, 61_000L, "b");
    assertThat(TeamStints.pitLoss(in, untimed)).isNull();
  }
}
