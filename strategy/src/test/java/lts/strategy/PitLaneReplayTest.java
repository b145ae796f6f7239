package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lts.core.strategy.PitLaneQueue;
import lts.strategy.PitLaneMove.KartLeft;
import lts.strategy.PitLaneMove.KartTaken;
import org.junit.jupiter.api.Test;

class PitLaneReplayTest {

  private static List<Integer> fromTeams(PitLaneQueue lane) {
    return lane.rows().stream().flatMap(List::stream).map(PitLaneQueue.Kart::fromRowId).toList();
  }

  @Test
  void aKartLeftWaitsBehindTheSpareAndTheSpareIsTakenFirst() {
    PitLaneReplay replay = new PitLaneReplay(0);
    replay.add(new KartLeft(7, 1, 1_000));
    PitLaneQueue lane = replay.lane(1, 1);
    assertThat(lane.size()).isEqualTo(2);
    assertThat(fromTeams(lane)).containsExactly(null, 7); // the spare, then team 7's kart
    replay.add(new KartTaken(7, 61_000));
    assertThat(fromTeams(replay.lane(1, 1))).containsExactly(7);
  }

  @Test
  void theReplayGoesOnFromWhereItStoppedWhileTheRowsStayTheSame() {
    PitLaneReplay replay = new PitLaneReplay(0);
    replay.add(new KartLeft(1, 1, 1_000));
    PitLaneQueue first = replay.lane(1, 0);
    replay.add(new KartLeft(2, 1, 2_000));
    PitLaneQueue second = replay.lane(1, 0);
    assertThat(second).isSameAs(first);
    assertThat(fromTeams(second)).containsExactly(1, 2);
  }

  @Test
  void otherRowsOrSparesReplayEveryMoveIntoANewLane() {
    PitLaneReplay replay = new PitLaneReplay(0);
    replay.add(new KartLeft(1, 1, 1_000));
    replay.add(new KartLeft(2, 1, 2_000));
    PitLaneQueue oneRow = replay.lane(1, 1);
    PitLaneQueue twoRows = replay.lane(2, 0);
    assertThat(twoRows).isNotSameAs(oneRow);
    assertThat(twoRows.rowCount()).isEqualTo(2);
    assertThat(twoRows.size()).isEqualTo(2);
  }

  @Test
  void tellsWhetherAKartWasLeftSinceAMove() {
    PitLaneReplay replay = new PitLaneReplay(0);
    replay.add(new KartLeft(1, 1, 1_000));
    replay.add(new KartTaken(1, 2_000));
    assertThat(replay.kartLeftSince(0)).isTrue();
    assertThat(replay.kartLeftSince(1)).isFalse();
    assertThat(replay.kartLeftSince(2)).isFalse();
  }
}
