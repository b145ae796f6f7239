package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RaceTimelineTest {

  private final RaceTimeline timeline = SampleRace.TIMELINE;

  @Test
  void theCountdownStartsAtTheRaceLengthAndFreezesDuringTheYellow() {
    assertThat(timeline.remaining(45_000)).isEqualTo(3_600_000);
    assertThat(timeline.remaining(1_000_000)).isEqualTo(2_645_000);
    assertThat(timeline.remaining(1_030_000)).isEqualTo(2_645_000);
    assertThat(timeline.remaining(1_060_000)).isEqualTo(2_645_000);
    assertThat(timeline.remaining(1_061_000)).isEqualTo(2_644_000);
    assertThat(timeline.remaining(3_705_000)).isZero();
  }

  @Test
  void theYellowAndTheLostFramesAreHalfOpenIntervals() {
    assertThat(timeline.yellowAt(999_999)).isFalse();
    assertThat(timeline.yellowAt(1_000_000)).isTrue();
    assertThat(timeline.yellowAt(1_060_000)).isFalse();
    assertThat(timeline.connectionDownAt(1_989_999)).isFalse();
    assertThat(timeline.connectionDownAt(1_990_000)).isTrue();
    assertThat(timeline.connectionDownAt(2_000_000)).isFalse();
  }

  @Test
  void aDrawnTimelinePutsTheYellowAndTheReconnectInsideTheRace() {
    RaceSettings settings = RaceSettings.defaults().withSeed(366);
    RaceTimeline t = RaceTimeline.draw(settings, new SplittableRandom(5));

    assertThat(t.startAt()).isEqualTo(1_780_300_800_000L + 86_400_000L);
    assertThat(t.greenAt()).isEqualTo(t.startAt() + 45_000);
    assertThat(t.durationMs()).isEqualTo(10_800_000);
    assertThat(t.yellowTo() - t.yellowFrom()).isEqualTo(480_000); // 5 % of 3 h, at most 8 min
    assertThat(t.yellowFrom() - t.greenAt()).isBetween(3_240_000L, 7_560_000L);
    assertThat(t.countdownEnd()).isEqualTo(t.greenAt() + 10_800_000 + 480_000);
    assertThat(t.reconnectAt() - t.greenAt()).isBetween(2_700_000L, 8_640_000L);
    assertThat(t.reconnectAt() - t.dropFrom()).isBetween(5_000L, 20_000L);
  }

  @Test
  void aQuarterOfAnHourStillHasAOneMinuteYellow() {
    RaceTimeline t = RaceTimeline.draw(RaceSettings.defaults().withHours(0.25),
        new SplittableRandom(1));
    assertThat(t.yellowTo() - t.yellowFrom()).isEqualTo(60_000);
  }
}
