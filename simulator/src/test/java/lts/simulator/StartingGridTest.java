package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StartingGridTest {

  @Test
  void everyTeamHasItsRowNumberDriversKartAndGridSlot() {
    RaceSettings settings = new RaceSettings(10, 13, 1, 2, 3, 60, 20, 3, 4);
    int[] kartOrder = {13, 2, 7, 1, 9, 4, 11, 3, 5, 8, 6, 10, 12};
    StartingGrid grid = StartingGrid.draw(settings, new SplittableRandom(1),
        new SplittableRandom(2), kartOrder);

    List<RacingTeam> teams = grid.teams();
    assertThat(teams).hasSize(10);
    int rowBase = 10_000 + 4 * 7_919;
    Set<String> drivers = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      RacingTeam t = teams.get(i);
      assertThat(t.idx).isEqualTo(i);
      assertThat(t.rowId).isEqualTo(rowBase + i);
      assertThat(t.kart).isEqualTo(kartOrder[i]);
      assertThat(t.drivers).hasSize(3);
      t.drivers.forEach(d -> {
        assertThat(drivers.add(d.name())).as(d.name()).isTrue();
        assertThat(d.noiseSigmaMs()).isBetween(140.0, 340.0);
      });
      if (i > 0) {
        // numbers go up with the rows, some numbers are left out
        assertThat(Integer.parseInt(t.number))
            .isGreaterThan(Integer.parseInt(teams.get(i - 1).number)).isLessThanOrEqualTo(12);
      }
    }
    assertThat(grid.gridOrder()).containsExactlyInAnyOrderElementsOf(teams);
    for (int p = 0; p < 10; p++) {
      RacingTeam t = grid.gridOrder().get(p);
      assertThat(t.gridPos).isEqualTo(p + 1);
      assertThat(t.position).isEqualTo(p + 1);
      assertThat(t.reachedAt).isEqualTo(p);
    }
  }
}
