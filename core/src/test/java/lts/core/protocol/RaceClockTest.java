package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RaceClockTest {

  private static final long START = 1_777_100_000_000L;

  /** One frame of a made-up race: its true instant on the track and what it says about time. */
  record Frame(long trueAt, int row, long lapMs, long countdownMs, boolean running, int head,
      long gapMs) {
    static Frame crossing(long at, int row, long lapMs) {
      return new Frame(at, row, lapMs, -1, true, -1, -1);
    }

    static Frame countdown(long at, long remaining, boolean running) {
      return new Frame(at, -1, -1, remaining, running, -1, -1);
    }

    static Frame other(long at) {
      return new Frame(at, -1, -1, -1, true, -1, -1);
    }

    Frame withGap(int head, long gapMs) {
      return new Frame(trueAt, row, lapMs, countdownMs, running, head, gapMs);
    }
  }

  /**
   * A race of {@code rows} rows, each at its own pace of 60–64 s a lap with ±1 s of noise, the
   * countdown every 30 s (frozen between
   * {@code freezeFrom} and {@code freezeTo}), and a frame without any time evidence every 700 ms.
   */
  static List<Frame> race(int rows, long durationMs, long freezeFrom, long freezeTo) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Frame> frames = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      long at = START + 5_000 + r * 1_500L;
      long pace = 60_000 + rng.nextLong(4_000);
      frames.add(Frame.crossing(at, r, 0));
      while (true) {
        long lap = pace - 1_000 + rng.nextLong(2_000);
        at += lap;
        if (at > START + durationMs) {
          break;
        }
        frames.add(Frame.crossing(at, r, lap));
      }
    }
    long remaining = durationMs;
    for (long at = START; at < START + durationMs; at += 30_000) {
      boolean frozen = at >= START + freezeFrom && at < START + freezeTo;
      frames.add(Frame.countdown(at, remaining, !frozen));
      if (!frozen) {
        remaining -= 30_000;
      }
    }
    for (long at = START + 350; at < START + durationMs; at += 700) {
      frames.add(Frame.other(at));
    }
    frames.sort(Comparator.comparingLong(Frame::trueAt));
    return withGapsToTheLeader(frames);
  }

  /** Each crossing with its gap to the leader's latest crossing, as the gap column shows it. */
  static List<Frame> withGapsToTheLeader(List<Frame> frames) {
    java.util.Map<Integer, Integer> laps = new java.util.HashMap<>();
    int leader = -1;
    long leaderCrossed = 0;
    List<Frame> out = new ArrayList<>();
    for (Frame f : frames) {
      if (f.row < 0) {
        out.add(f);
        continue;
      }
      int done = laps.merge(f.row, 1, Integer::sum);
      if (leader < 0 || f.row == leader || done > laps.get(leader)) {
        leader = f.row;
        leaderCrossed = f.trueAt;
        out.add(f);
      } else {
        out.add(f.withGap(leader, f.trueAt - leaderCrossed));
      }
    }
    return out;
  }

  /** The race instants the clock gives the frames received at {@code received[i]}. */
  static long[] run(List<Frame> frames, long[] received) {
    return run(frames, received, Long.MAX_VALUE);
  }

  /** The same, with a re-snapshot (the evidence broken) at the first frame from {@code resnapshotAt}. */
  static long[] run(List<Frame> frames, long[] received, long resnapshotAt) {
    RaceClock clock = new RaceClock();
    long[] out = new long[frames.size()];
    boolean resnapshot = false;
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      clock.frame(received[i]);
      if (!resnapshot && f.trueAt >= resnapshotAt) {
        resnapshot = true;
        clock.breakEvidence();
      }
      if (f.row >= 0 && f.head >= 0) {
        clock.lap(f.row, Math.max(f.lapMs, 0), f.head, f.gapMs);
      } else if (f.row >= 0) {
        clock.lap(f.row, Math.max(f.lapMs, 0));
      }
      if (f.countdownMs >= 0) {
        clock.countdown(f.countdownMs, f.running, false);
      }
      out[i] = clock.endFrame();
    }
    return out;
  }

  /**
   * Checks a full-speed run from {@code fromMs} of the race on: a crossing within 1 s of the truth;
   * any other frame at most 2 s ahead (the middle of what the evidence allows) and behind by no more than the time since the last frame that said
   * something about time (a crossing, a running countdown), plus 1 s.
   */
  static void assertFollowsTheEvidence(List<Frame> frames, long[] instants, long fromMs,
      long offset) {
    long lastEvidence = frames.get(0).trueAt;
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      long error = instants[i] - offset - f.trueAt;
      if (f.trueAt - START >= fromMs) {
        if (f.lapMs > 0) {
          assertThat(Math.abs(error)).as("crossing at %d s", (f.trueAt - START) / 1000)
              .isLessThanOrEqualTo(1_000);
        } else {
          assertThat(error).as("frame at %d s", (f.trueAt - START) / 1000)
              .isLessThanOrEqualTo(2_000)
              .isGreaterThanOrEqualTo(-(f.trueAt - lastEvidence) - 1_000);
        }
      }
      if (f.lapMs > 0 || (f.countdownMs >= 0 && f.running)) {
        lastEvidence = f.trueAt;
      }
    }
  }

  static long[] receivedAtSpeed(List<Frame> frames, double speed) {
    long[] r = new long[frames.size()];
    long origin = 1_800_000_000_000L;
    for (int i = 0; i < r.length; i++) {
      r[i] = origin + Math.round((frames.get(i).trueAt - START) / speed);
    }
    return r;
  }

  static long[] receivedAsFastAsPossible(List<Frame> frames) {
    long[] r = new long[frames.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = 1_800_000_000_000L + i / 20; // 20 frames a millisecond
    }
    return r;
  }

  /** Largest |race instant − true instant| once {@code afterMs} of the race have passed, durations. */
  static long worstDurationError(List<Frame> frames, long[] instants, long afterMs) {
    long offset = instants[0] - frames.get(0).trueAt;
    long worst = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).trueAt - START >= afterMs) {
        worst = Math.max(worst, Math.abs(instants[i] - offset - frames.get(i).trueAt));
      }
    }
    return worst;
  }

  @Test
  void framesThatComeAtTheTracksPaceKeepTheirReceivedInstants() {
    List<Frame> frames = race(20, 3_600_000, -1, -1);
    long[] received = receivedAtSpeed(frames, 1);
    assertThat(run(frames, received)).containsExactly(received);
  }

  @Test
  void aReplayAtTwentyTimesGivesTheTracksDurationsWithinOneSecond() {
    List<Frame> frames = race(20, 3_600_000, -1, -1);
    long[] instants = run(frames, receivedAtSpeed(frames, 20));
    assertThat(worstDurationError(frames, instants, 180_000)).isLessThanOrEqualTo(1_000);
  }

  @Test
  void framesReadAsFastAsTheyComeFollowTheRaceWithinTheTimeBetweenTwoPiecesOfEvidence() {
    List<Frame> frames = race(20, 1_800_000, -1, -1);
    // as fast as they can be read, but slowly enough that a lap spans seconds of reception:
    // each frame takes 1 to 40 ms whatever its race time: the clock may take that for a pace
    // (the frames of a lap average out) but corrects it on the countdown
    SplittableRandom rng = new SplittableRandom(3);
    long[] received = new long[frames.size()];
    long at = 1_800_000_000_000L;
    for (int i = 0; i < received.length; i++) {
      at += 1 + rng.nextInt(40);
      received[i] = at;
    }
    long[] instants = run(frames, received);
    long[] errors = new long[frames.size()];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = instants[i] - frames.get(i).trueAt;
    }
    long offset = java.util.Arrays.stream(errors).sorted().toArray()[errors.length / 2];
    long[] late = new long[frames.size()];
    int n = 0;
    for (int i = 0; i < errors.length; i++) {
      if (frames.get(i).trueAt - START >= 300_000 && frames.get(i).lapMs > 0) {
        late[n++] = Math.abs(errors[i] - offset);
      }
    }
    long[] sorted = java.util.Arrays.stream(late, 0, n).sorted().toArray();
    // between two countdowns (30 s) the frames' own pace places them: a few seconds at worst
    assertThat(sorted[n / 2]).as("median crossing error").isLessThanOrEqualTo(2_000);
    assertThat(sorted[n * 99 / 100]).as("p99 crossing error").isLessThanOrEqualTo(8_000);
  }

  @Test
  void theClockSaysWhichPaceItFound() {
    List<Frame> frames = race(20, 1_800_000, -1, -1);
    assertThat(finalReading(frames, receivedAtSpeed(frames, 1)).mode())
        .isEqualTo(RaceClock.Mode.RECEIVED);
    RaceClock.Reading twenty = finalReading(frames, receivedAtSpeed(frames, 20));
    assertThat(twenty.mode()).isEqualTo(RaceClock.Mode.SCALED);
    assertThat(twenty.rate()).isBetween(19.4, 20.6);
    assertThat(finalReading(frames, receivedAsFastAsPossible(frames)).mode())
        .isEqualTo(RaceClock.Mode.EVIDENCE);
  }

  @Test
  void aFullSpeedReplayThroughAFrozenCountdownFollowsTheLaps() {
    List<Frame> frames = race(20, 3_600_000, 1_200_000, 1_800_000);
    long[] instants = run(frames, receivedAsFastAsPossible(frames));
    assertFollowsTheEvidence(frames, instants, 300_000, instants[0] - frames.get(0).trueAt);
  }

  static RaceClock.Reading finalReading(List<Frame> frames, long[] received) {
    RaceClock clock = new RaceClock();
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      clock.frame(received[i]);
      if (f.row >= 0) {
        clock.lap(f.row, Math.max(f.lapMs, 0));
      }
      if (f.countdownMs >= 0) {
        clock.countdown(f.countdownMs, f.running, false);
      }
      clock.endFrame();
    }
    return clock.reading();
  }

  @Test
  void aReplayAtTwentyTimesThroughAFrozenCountdownStaysRight() {
    List<Frame> frames = race(20, 3_600_000, 1_200_000, 1_800_000);
    long[] instants = run(frames, receivedAtSpeed(frames, 20));
    assertThat(worstDurationError(frames, instants, 180_000)).isLessThanOrEqualTo(1_000);
  }

  @Test
  void aFullSpeedReplayFollowsTheFeedsOwnEvidence() {
    List<Frame> frames = race(20, 3_600_000, -1, -1);
    long[] instants = run(frames, receivedAsFastAsPossible(frames));
    assertFollowsTheEvidence(frames, instants, 300_000, instants[0] - frames.get(0).trueAt);
  }

  @Test
  void instantsNeverGoBack() {
    List<Frame> frames = race(8, 1_800_000, 600_000, 900_000);
    for (long[] received : List.of(receivedAtSpeed(frames, 1), receivedAtSpeed(frames, 20),
        receivedAsFastAsPossible(frames))) {
      long[] instants = run(frames, received);
      for (int i = 1; i < instants.length; i++) {
        assertThat(instants[i]).isGreaterThanOrEqualTo(instants[i - 1]);
      }
    }
  }

  @Test
  void aHoleInAFullSpeedReplayIsBridgedByTheCountdown() {
    List<Frame> frames = race(20, 3_600_000, -1, -1).stream()
        .filter(f -> f.trueAt - START < 1_200_000 || f.trueAt - START >= 1_800_000).toList();
    long[] instants = run(frames, receivedAsFastAsPossible(frames), START + 1_800_000);
    long offset = instants[0] - frames.get(0).trueAt;
    assertFollowsTheEvidence(frames.stream().filter(f -> f.trueAt - START >= 1_800_000).toList(),
        java.util.Arrays.copyOfRange(instants, (int) frames.stream()
            .filter(f -> f.trueAt - START < 1_800_000).count(), instants.length),
        1_800_000 + 300_000, offset);
  }

  /**
   * Read as fast as possible, with a hole {@code [holeFromMs, holeToMs)} ended by a re-sent grid
   * (the lap chains broken) and a row in the pit lane from {@code pitInMs} to {@code pitOutMs}
   * whose pit clock ticks each second outside the hole ({@code pitClock}: given to the clock):
   * the median error (race instant less truth) of the crossings in {@code [fromMs, toMs)}.
   */
  private static long crossingError(List<Frame> race, boolean pitClock, long pitInMs,
      long pitOutMs, long holeFromMs, long holeToMs, long fromMs, long toMs) {
    List<Frame> frames = race.stream()
        .filter(f -> f.trueAt - START < holeFromMs || f.trueAt - START >= holeToMs).toList();
    RaceClock clock = new RaceClock();
    List<Long> errors = new ArrayList<>();
    long received = 1_800_000_000_000L;
    long tick = pitInMs;
    boolean broken = false;
    for (Frame f : frames) {
      for (; tick <= f.trueAt - START && tick < pitOutMs; tick += 1_000) {
        if (tick >= holeFromMs && tick < holeToMs) {
          continue; // nothing came
        }
        clock.frame(received++);
        if (tick == pitInMs) {
          clock.pit(99);
          clock.laneEntered(99);
        } else if (pitClock) {
          clock.pitClock(99, tick - pitInMs);
        }
        clock.endFrame();
      }
      clock.frame(received++);
      if (!broken && f.trueAt - START >= holeToMs) {
        broken = true;
        clock.breakEvidence();
      }
      if (f.row >= 0) {
        clock.lap(f.row, Math.max(f.lapMs, 0));
      }
      if (f.countdownMs >= 0) {
        clock.countdown(f.countdownMs, f.running, false);
      }
      long at = clock.endFrame();
      if (f.row >= 0 && f.lapMs > 0 && f.trueAt - START >= fromMs && f.trueAt - START < toMs) {
        errors.add(at - f.trueAt);
      }
    }
    return errors.stream().sorted().toList().get(errors.size() / 2);
  }

  @Test
  void aPitClockMeasuresAHoleWhileTheCountdownIsFrozenAndTheLapChainsBroke() {
    // a yellow from 20 to 30 min freezes the countdown; the feed has a hole from 22 to 24 min, a
    // re-sent grid then breaks every lap chain; a row is in the pit lane from 21 to 25 min
    List<Frame> frames = race(20, 2_400_000, 1_200_000, 1_800_000);
    long before = crossingError(frames, true, 1_260_000, 1_500_000, 1_320_000, 1_440_000,
        900_000, 1_260_000);
    long lost = crossingError(frames, false, 1_260_000, 1_500_000, 1_320_000, 1_440_000,
        1_560_000, 1_800_000) - before;
    long kept = crossingError(frames, true, 1_260_000, 1_500_000, 1_320_000, 1_440_000,
        1_560_000, 1_800_000) - before;
    System.out.printf("RaceClockTest: a 2-minute hole under a frozen countdown: %d ms lost without "
        + "the pit clock, %d ms with it%n", lost, kept);
    assertThat(lost).as("without the pit clock the hole is lost").isLessThan(-60_000);
    assertThat(Math.abs(kept)).as("with it, measured").isLessThanOrEqualTo(3_000);
  }
}
