package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordingPaceTest {

  @Test
  void theFirstFrameIsDueAtTheStartOfThePass() {
    RecordingPace pace = new RecordingPace(10, 5_000);
    RecordingPace.Due due = pace.next(1_000_000);
    assertThat(due.dueNs()).isEqualTo(5_000);
    assertThat(due.gapMs()).isZero();
  }

  @Test
  void laterFramesAreDueAtTheirRecordedTimeDividedByTheSpeed() {
    RecordingPace pace = new RecordingPace(10, 5_000);
    pace.next(1_000_000);
    // 2 s recorded at 10x: 200 ms = 200,000,000 ns after the start
    assertThat(pace.next(1_002_000).dueNs()).isEqualTo(200_005_000L);
  }

  @Test
  void aGapOfMoreThanAMinuteIsLong() {
    RecordingPace pace = new RecordingPace(2, 0);
    pace.next(0);
    assertThat(pace.next(60_000).longGap()).isFalse();
    RecordingPace.Due due = pace.next(150_000);
    assertThat(due.gapMs()).isEqualTo(90_000);
    assertThat(due.longGap()).isTrue();
    assertThat(pace.replayedSeconds(due.gapMs())).isEqualTo(45.0);
  }

  @Test
  void aFrameRecordedOutOfOrderDoesNotShrinkTheNextGap() {
    RecordingPace pace = new RecordingPace(1, 0);
    pace.next(10_000);
    pace.next(20_000);
    assertThat(pace.next(15_000).gapMs()).isEqualTo(-5_000);
    assertThat(pace.next(30_000).gapMs()).isEqualTo(10_000);
  }
}
