package lts.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RaceClocksTest {

  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };
  private final RaceClocks clocks = new RaceClocks(clock);

  @Test
  void withoutNotificationsTheFeedIsTakenAsLiveOnTheServersClock() {
    RaceClocks.Reading r = clocks.reading("santos", now.get() - 5_000, false);
    assertThat(r).isEqualTo(new RaceClocks.Reading(now.get(), now.get(), 1));
    assertThat(clocks.reading("santos", now.get() - 200_000, false))
        .as("a session that stopped long ago")
        .isEqualTo(new RaceClocks.Reading(now.get() - 200_000, now.get(), 0));
    assertThat(clocks.idle("santos", now.get() - 5_000)).isFalse();
    assertThat(clocks.idle("santos", now.get() - 200_000)).isTrue();
  }

  @Test
  void aReplayAtTwentyTimesRunsItsClockTwentyTimesFaster() {
    long race = 1_777_100_000_000L; // a race of April, replayed now
    for (int i = 0; i < 20; i++) {
      clocks.heard("santos", race + i * 4_000L);
      now.addAndGet(200);
    }
    RaceClocks.Reading r = clocks.reading("santos", race + 19 * 4_000L, false);
    assertThat(r.rate()).isEqualTo(20.0);
    assertThat(r.raceAt()).isEqualTo(race + 19 * 4_000L);
    assertThat(r.wallAt()).isEqualTo(now.get() - 200);
    assertThat(clocks.idle("santos", race)).as("its race instants are old, it plays").isFalse();
    assertThat(clocks.reading("santos", race - 3_600_000, false).rate())
        .as("an earlier session of the feed").isZero();
  }

  @Test
  void aFeedThatStoppedOrFinishedStandsStill() {
    long race = 1_777_100_000_000L;
    for (int i = 0; i < 20; i++) {
      clocks.heard("santos", race + i * 1_000L);
      now.addAndGet(1_000);
    }
    assertThat(clocks.reading("santos", race, true).rate()).as("the flag").isZero();
    now.addAndGet(RaceClocks.STOPPED_AFTER_MS + 1);
    assertThat(clocks.reading("santos", race, false).rate()).as("nothing new for 2 min").isZero();
    assertThat(clocks.idle("santos", race)).isTrue();
  }
}
