package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandingsTest {

  private final List<RacingTeam> teams = SampleRace.teams(3);
  private final RacingTeam a = teams.get(0);
  private final RacingTeam b = teams.get(1);
  private final RacingTeam c = teams.get(2);
  private final Standings standings = new Standings(teams);

  @Test
  void moreLapsFirstThenWhoReachedThemFirst() {
    standings.savePositions();
    c.laps = 5;
    c.reachedAt = 100;
    b.laps = 5;
    b.reachedAt = 90;
    a.laps = 4;
    standings.sort();

    assertThat(standings.byPosition()).containsExactly(b, c, a);
    assertThat(List.of(a.position, b.position, c.position)).containsExactly(3, 1, 2);
    assertThat(standings.leader()).isSameAs(b);
    assertThat(standings.ahead(a)).isSameAs(c);
    assertThat(standings.moved(a)).isTrue();
    assertThat(standings.gained(a)).isFalse();
    assertThat(standings.gained(b)).isTrue();
    assertThat(standings.gained(c)).isTrue();
    assertThat(standings.gridOrder()).containsExactly(a, b, c);
  }

  @Test
  void onEqualLapsAndTimesTheGridDecides() {
    for (RacingTeam t : teams) {
      t.laps = 1;
      t.reachedAt = 7;
    }
    standings.savePositions();
    standings.sort();
    assertThat(standings.byPosition()).containsExactly(a, b, c);
    assertThat(standings.moved(a) || standings.moved(b) || standings.moved(c)).isFalse();
  }

  @Test
  void aTeamLeadsOnTrackWhenEveryoneAheadIsInThePitLane() {
    assertThat(standings.leadsOnTrack(a)).isTrue();
    assertThat(standings.leadsOnTrack(c)).isFalse();
    a.pitVisit = new PitVisit(0, 1, 0, 1, 0, -1);
    assertThat(standings.leadsOnTrack(c)).isFalse();
    b.pitVisit = new PitVisit(0, 1, 0, 2, 0, -1);
    assertThat(standings.leadsOnTrack(c)).isTrue();
  }

  @Test
  void theBestLapOfTheRaceHasAHolder() {
    assertThat(standings.bestHolder()).isNull();
    assertThat(standings.beatsOverallBest(70_000)).isTrue();
    standings.newOverallBest(b, 65_000);
    assertThat(standings.bestHolder()).isSameAs(b);
    assertThat(standings.beatsOverallBest(65_000)).isFalse();
    assertThat(standings.beatsOverallBest(64_999)).isTrue();
  }
}
