package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PitLaneTest {

  @Test
  void theSparesAreDealtToTheRowsInTurn() {
    PitLane lane = new PitLane(2, new int[] {5, 6, 7}, 120_000);
    assertThat(lane.initialRows()).isEqualTo(List.of(List.of(5, 7), List.of(6)));
    assertThat(lane.rows()).isEqualTo(lane.initialRows());
    assertThat(lane.rowCount()).isEqualTo(2);
  }

  @Test
  void aTeamLeavesItsKartAtTheBackAndTakesTheFrontOfTheSameRow() {
    PitLane lane = new PitLane(2, new int[] {5, 6, 7}, 120_000);
    PitVisit visit = lane.enter(1_000, 1, 12, new SplittableRandom(4));

    assertThat(visit.kartLeft()).isEqualTo(1);
    assertThat(visit.lapIn()).isEqualTo(12);
    assertThat(visit.inAt()).isEqualTo(1_000);
    List<Integer> row = lane.rows().get(visit.row());
    assertThat(row.get(row.size() - 1)).isEqualTo(1);
    int front = row.get(0);
    assertThat(lane.takeFront(visit.row())).isEqualTo(front);
    assertThat(lane.rows().get(visit.row())).isEqualTo(row.subList(1, row.size()));
    assertThat(lane.initialRows()).isEqualTo(List.of(List.of(5, 7), List.of(6)));
  }

  @Test
  void aStopLastsTheMinimumPitTimeAndALittleMoreRarelyALotMore() {
    PitLane lane = new PitLane(1, new int[] {2}, 120_000);
    SplittableRandom events = new SplittableRandom(11);
    int problems = 0;
    int duplicates = 0;
    for (int i = 0; i < 2_000; i++) {
      PitVisit v = lane.enter(0, 1, 1, events);
      lane.takeFront(0);
      assertThat(v.outAt()).isBetween(120_300L, 120_000L + 100_000 + 60_000);
      if (v.outAt() > 120_000 + 10_000) {
        problems++;
      }
      if (v.duplicateTick() >= 0) {
        duplicates++;
        assertThat(v.duplicateTick()).isBetween(1, (int) (v.outAt() / 1000) - 1);
      }
    }
    assertThat(problems).isBetween(30, 95); // 3 % of the stops
    assertThat(duplicates).isBetween(180, 300); // 12 %
  }

  @Test
  void anEmptyRowIsAnError() {
    PitLane lane = new PitLane(2, new int[] {5}, 120_000);
    assertThatThrownBy(() -> lane.takeFront(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("empty pit row 2");
  }
}
