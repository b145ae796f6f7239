package lts.core.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The race's own clock of one feed: the instant (epoch ms, on the track's clock) of each frame,
 * whatever the speed the frames come at. A live feed, a recording read in place or imported with
 * its recorded instants run at the track's pace: their frames keep their instants. A replay at 20×
 * runs 20 times faster, a replay at full speed has no pace at all; the clock then rebuilds the
 * track's time from what the feed itself says about time:
 *
 * <ul>
 *   <li>lap times: a row that crossed the line at race instant c and now shows a lap of L ms
 *       crossed again at c + L (per row, broken at pit stops, snapshots and corrections);</li>
 *   <li>the countdown ({@code dyn1|countdown}) while it runs: R ms less remaining is R ms later
 *       (a countdown in a snapshot is up to 30 s stale, one frozen under a yellow flag or set back
 *       says nothing, and both re-anchor it);</li>
 *   <li>the pit clocks ({@code otr} cell, class {@code to}): a row in the lane that shows v s on
 *       its pit clock is v s after its pit-in frame (Apex's tick comes from 0.6 s early to 0.2 s
 *       late: measured on the Santos recordings). Apex's own clock: it runs through a yellow flag
 *       and a hole of the feed, where the countdown is frozen or the lap chains break;</li>
 * </ul>
 *
 * <p>From pairs of such evidence and the instants the frames came at, the clock measures the
 * <em>rate</em> (race ms per received ms, {@link ReplayPace}) and chooses one of three
 * {@link Mode}s: the received instants as they are (rate within
 * {@value ReplayPace#PACED_TOLERANCE} of 1), received instants scaled by the rate (a paced
 * replay), or the evidence alone (frames that come faster than anyone could measure a pace: their
 * instant advances at each piece of evidence). Instants never go back.
 *
 * <p>Use per frame: {@link #frame} (the provisional instant, before the frame's own evidence), the
 * evidence methods while the frame is read, then {@link #endFrame} (the frame's final instant).
 * Deterministic: the same frames at the same received instants give the same race instants. Not
 * thread-safe.
 */
public final class RaceClock {

  /** A scaled clock is re-anchored on the evidence when they disagree by more than this. */
  static final long DRIFT_MS = 2_000;
  /** A pit clock tick comes up to this much before the time it shows (after the pit-in). */
  static final long TICK_EARLY_MS = 700;
  /** ... and up to this much after (the whole second it shows, and late delivery). */
  static final long TICK_LATE_MS = 1_500;
  /** A lane whose first tick shows more than this did not start at the pit-in seen. */
  static final long MAX_FIRST_TICK_MS = 5_000;
  /** Evidence mode: how far above its lower bound a frame's instant may be put. */
  static final long MAX_ABOVE_EVIDENCE_MS = 1_000;
  /** Laps shorter or longer than these are no evidence of time. */
  static final long MIN_LAP_MS = 10_000;
  static final long MAX_LAP_MS = 20 * 60_000;

  /** Where the instants come from. */
  public enum Mode {
    /** The received instants: the frames came at the track's pace (live, a recording, an import). */
    RECEIVED,
    /** The received instants scaled by the measured rate: a paced replay (e.g. 20×). */
    SCALED,
    /** The feed's own evidence only: frames that came faster than any pace (a full-speed replay). */
    EVIDENCE
  }

  /** A reading of the clock: the race instant, what it was received at, the rate and the mode. */
  public record Reading(long at, long receivedAt, double rate, Mode mode) {
  }

  /**
   * What one source of evidence (a row's crossings, the countdown) says about its last reading:
   * it happened at a race instant in {@code [lo, hi]}; {@code received} is when it came.
   */
  private static final class Chain {
    long lo;
    long hi;
    long received;

    Chain(long lo, long hi, long received) {
      this.lo = lo;
      this.hi = hi;
      this.received = received;
    }
  }

  /**
   * A reading of a chain in the current frame: it happened in {@code [lo, hi]}; {@code head} is the
   * chain whose last reading it is {@code offset} ms after ({@link #NO_HEAD}: none).
   */
  private record Reading0(int chain, long lo, long hi, int head, long offset) {
  }

  private static final int NO_HEAD = Integer.MIN_VALUE + 1;

  private static final int COUNTDOWN = Integer.MIN_VALUE;
  /** The chain of the readings of a pit clock: they start no chain, their origin is the lane's. */
  private static final int LANE = Integer.MIN_VALUE + 2;
  private static final long NO_BOUND = Long.MAX_VALUE;

  private long instant = Long.MIN_VALUE;
  private long received;
  private Mode mode = Mode.RECEIVED;
  private double rate = 1;
  private long anchorReceived;
  private long anchorInstant;
  /** No instant of this or any later frame is before this (evidence mode). */
  private long lowerBound = Long.MIN_VALUE;

  private final Map<Integer, Chain> chains = new HashMap<>();
  /** The rows in the pit lane: the bounds of their pit-in frame, their pit clock's origin. */
  private final Map<Integer, Chain> lanes = new HashMap<>();
  private final List<Integer> lanesEntered = new ArrayList<>();
  /** Lanes whose pit clock has not ticked yet: its first tick says whether they are right. */
  private final java.util.Set<Integer> lanesUnticked = new java.util.HashSet<>();
  /** The bounds of the last frame (evidence mode), or its instant twice. */
  private long frameLo;
  private long frameHi;
  private final List<Reading0> readings = new ArrayList<>();
  private long countdownLast = -1;
  private boolean countdownRunning;
  private final ReplayPace pace = new ReplayPace();

  /**
   * A frame received at {@code receivedAt} (epoch ms): returns its provisional race instant, from
   * what came before it.
   */
  public long frame(long receivedAt) {
    if (instant == Long.MIN_VALUE) {
      instant = receivedAt;
      anchorInstant = receivedAt;
      anchorReceived = receivedAt;
      lowerBound = receivedAt;
    } else {
      long candidate = switch (mode) {
        case RECEIVED -> anchorInstant + (receivedAt - anchorReceived);
        case SCALED -> anchorInstant + Math.round(rate * (receivedAt - anchorReceived));
        case EVIDENCE -> instant;
      };
      instant = Math.max(instant, candidate);
    }
    received = receivedAt;
    readings.clear();
    return instant;
  }

  /** The race instant of the current frame (provisional until {@link #endFrame}). */
  public long now() {
    return instant;
  }

  /** Row {@code rowId} completed a lap of {@code lapMs} in this frame. */
  public void lap(int rowId, long lapMs) {
    read(rowId, lapMs >= MIN_LAP_MS && lapMs <= MAX_LAP_MS ? lapMs : -1);
  }

  /**
   * Row {@code rowId} completed a lap of {@code lapMs} in this frame, {@code gapMs} after row
   * {@code headRow} crossed the line (its gap cell shows a time to the head of its lap group: see
   * docs/LAPS.md). The gap ties the two rows' crossings together.
   */
  public void lap(int rowId, long lapMs, int headRow, long gapMs) {
    lap(rowId, lapMs);
    Chain head = chains.get(headRow);
    if (head != null && headRow != rowId && gapMs >= 0 && gapMs <= MAX_LAP_MS) {
      readings.add(new Reading0(rowId, head.lo + gapMs,
          head.hi == NO_BOUND ? NO_BOUND : head.hi + gapMs, headRow, gapMs));
    }
  }

  /** Row {@code rowId} entered or left the pit lane: its next lap is no evidence of time. */
  public void pit(int rowId) {
    chains.remove(rowId);
    readings.removeIf(r -> r.chain == rowId);
  }

  /** Row {@code rowId} entered the pit lane in this frame: its pit clock starts here. */
  public void laneEntered(int rowId) {
    lanesEntered.add(rowId);
  }

  /** Row {@code rowId} left the pit lane: its pit clock says nothing more. */
  public void laneLeft(int rowId) {
    lanes.remove(rowId);
    lanesUnticked.remove(rowId);
    lanesEntered.remove((Integer) rowId);
  }

  /** Row {@code rowId}, in the lane since a pit-in this clock read, shows {@code shownMs}. */
  public void pitClock(int rowId, long shownMs) {
    Chain origin = lanes.get(rowId);
    if (origin != null && lanesUnticked.remove(rowId) && shownMs > MAX_FIRST_TICK_MS) {
      lanes.remove(rowId); // its clock ran before the pit-in we saw: no origin
      return;
    }
    if (origin != null && shownMs > 0) {
      readings.add(new Reading0(LANE, origin.lo + shownMs - TICK_EARLY_MS,
          origin.hi == NO_BOUND ? NO_BOUND : origin.hi + shownMs + TICK_LATE_MS, NO_HEAD, 0));
    }
  }

  /**
   * The countdown showed {@code remainingMs}.
   *
   * @param running true while the race runs (green light): a frozen clock says nothing
   * @param inSnapshot true inside a re-sent snapshot, whose countdown may be 30 s stale
   */
  public void countdown(long remainingMs, boolean running, boolean inSnapshot) {
    if (inSnapshot) {
      return; // up to 30 s stale: the next periodic value tells
    }
    boolean counting = running && countdownRunning && countdownLast >= 0
        && remainingMs < countdownLast;
    read(COUNTDOWN, counting ? countdownLast - remainingMs : -1);
    countdownRunning = running;
    countdownLast = remainingMs;
  }

  /**
   * A reading of {@code chain} {@code elapsedMs} after its previous one (-1: unknown, the chain
   * starts again here).
   */
  private void read(int chain, long elapsedMs) {
    Chain c = chains.get(chain);
    if (c != null && elapsedMs > 0) {
      readings.add(new Reading0(chain, c.lo + elapsedMs,
          c.hi == NO_BOUND ? NO_BOUND : c.hi + elapsedMs, NO_HEAD, 0));
      pace.sample(elapsedMs, received - c.received);
    } else {
      readings.add(new Reading0(chain, Long.MIN_VALUE, NO_BOUND, NO_HEAD, 0));
    }
  }

  /**
   * The laps before are no evidence any more (a new snapshot after a hole, a correction that
   * rewrote the laps): the lap chains start again. The countdown keeps its chain: a countdown that
   * ran through a hole measures the hole.
   */
  public void breakEvidence() {
    chains.keySet().removeIf(k -> k != COUNTDOWN);
    readings.removeIf(r -> r.chain != COUNTDOWN);
  }

  /** A new session: nothing said about time before it holds. */
  public void newSession() {
    chains.clear();
    lanes.clear();
    lanesEntered.clear();
    lanesUnticked.clear();
    readings.clear();
    countdownLast = -1;
  }

  /** Ends the frame: weighs its evidence, may change the mode; returns the frame's final instant. */
  public long endFrame() {
    boolean evidence = readings.stream().anyMatch(r -> r.lo != Long.MIN_VALUE);
    if (evidence) {
      chooseMode();
    }
    if (mode == Mode.EVIDENCE) {
      settleOnEvidence();
    } else {
      if (mode == Mode.SCALED) {
        correctOnTheCountdown();
      }
      for (Reading0 r : readings) {
        // the countdown keeps counting race time on its own (what a switch to a scaled or an
        // evidence clock needs); a row's crossing is where the clock says
        long at = r.chain == COUNTDOWN && r.lo != Long.MIN_VALUE ? r.lo : instant;
        if (r.chain != LANE) {
          chains.put(r.chain, new Chain(at, at, received));
        }
      }
      lowerBound = instant;
      frameLo = instant;
      frameHi = instant;
    }
    for (int row : lanesEntered) {
      lanes.put(row, new Chain(frameLo, frameHi, received));
      lanesUnticked.add(row);
    }
    lanesEntered.clear();
    readings.clear();
    return instant;
  }

  /**
   * A scaled clock follows the received instants at the measured rate; a rate a little off, or
   * frames that come at a pace of their own (as fast as they can be read), make it drift. The
   * countdown counts race time by itself: more than {@link #DRIFT_MS} behind it, the clock jumps
   * to it (and so do the rows' last crossings, placed on the clock); ahead of it, the clock waits
   * (it never goes back) until the received instants catch up. The laps cannot tell: they were
   * placed on the clock itself.
   */
  private void correctOnTheCountdown() {
    for (Reading0 r : readings) {
      if (r.chain != COUNTDOWN || r.lo == Long.MIN_VALUE) {
        continue;
      }
      long e = r.lo;
      if (e - instant > DRIFT_MS) {
        long jump = e - instant;
        anchor(e);
        chains.replaceAll((k, c) -> k == COUNTDOWN ? c
            : new Chain(c.lo + jump, c.hi == NO_BOUND ? NO_BOUND : c.hi + jump, c.received));
      } else if (instant - e > DRIFT_MS) {
        anchorInstant = instant;
        anchorReceived = received + Math.round((instant - e) / rate);
      }
      return;
    }
  }

  /**
   * Evidence mode: this frame happened after {@link #lowerBound} and after every reading's lower
   * bound, before every reading's upper bound; so did the last reading of every other chain
   * (earlier frames). The instant is the middle of what the readings say, never before the lower
   * bound, never back.
   */
  private void settleOnEvidence() {
    long lo = lowerBound;
    long hi = NO_BOUND;
    for (Reading0 r : readings) {
      lo = Math.max(lo, r.lo);
      hi = Math.min(hi, r.hi);
    }
    if (hi < lo) {
      hi = NO_BOUND; // the evidence disagrees (a correction): trust the lower bound
    }
    if (hi != NO_BOUND) {
      for (Chain c : chains.values()) {
        c.hi = Math.min(c.hi, hi); // their last readings were before this frame
      }
      for (Chain c : lanes.values()) {
        c.hi = Math.min(c.hi, hi); // and so were the pit-ins
      }
    }
    frameLo = lo;
    frameHi = hi;
    long estimate = hi == NO_BOUND ? lo : lo + (hi - lo) / 2;
    if (!readings.isEmpty()) {
      long middle = medianMiddle();
      estimate = Math.max(lo, Math.min(hi, middle == Long.MIN_VALUE ? estimate : middle));
    }
    // a wide interval (its upper bound a countdown 30 s later) says little of where in it: the
    // lower bound is the last evidence, seldom more than seconds old
    estimate = Math.min(estimate, lo + MAX_ABOVE_EVIDENCE_MS);
    lowerBound = lo;
    instant = Math.max(instant, estimate);
    for (Reading0 r : readings) {
      Chain head = r.head == NO_HEAD ? null : chains.get(r.head);
      if (head != null) {
        // the head crossed r.offset before this frame: what bounds this frame bounds it too
        head.lo = Math.max(head.lo, lo - r.offset);
        if (hi != NO_BOUND) {
          head.hi = Math.min(head.hi, hi - r.offset);
        }
        if (head.hi < head.lo) {
          head.hi = NO_BOUND;
        }
      }
    }
    for (Reading0 r : readings) {
      if (r.head == NO_HEAD && r.chain != LANE) {
        chains.put(r.chain, new Chain(lo, hi, received));
      }
    }
  }

  /** The median of the readings' middles (their lower bound where they have no upper one). */
  private long medianMiddle() {
    long[] m = readings.stream().filter(r -> r.lo != Long.MIN_VALUE)
        .mapToLong(r -> r.hi == NO_BOUND ? r.lo : r.lo + (r.hi - r.lo) / 2).sorted().toArray();
    return m.length == 0 ? Long.MIN_VALUE : m[(m.length - 1) / 2];
  }

  /** The clock now. */
  public Reading reading() {
    return new Reading(instant, received, mode == Mode.RECEIVED ? 1 : rate, mode);
  }

  private void chooseMode() {
    ReplayPace.Verdict verdict = pace.verdict(mode, rate);
    if (verdict == null) {
      return;
    }
    Mode next = verdict.mode();
    double nextRate = verdict.rate();
    boolean rateMoved = next == Mode.SCALED && Math.abs(nextRate - rate) > ReplayPace.PACED_TOLERANCE * rate;
    if (next != mode || rateMoved) {
      Mode before = mode;
      mode = next;
      rate = next == Mode.RECEIVED ? 1 : nextRate;
      if (before == Mode.RECEIVED) {
        // the instants so far were the received ones, compressed by the replay: what the chains
        // say was placed on them; the countdown's reading, if any, measured race time since its
        // chain began
        long jump = instant;
        for (Reading0 r : readings) {
          if (r.chain == COUNTDOWN && r.lo != Long.MIN_VALUE) {
            jump = Math.max(jump, r.lo);
          }
        }
        anchor(jump);
        chains.keySet().removeIf(k -> k != COUNTDOWN);
        readings.removeIf(r -> r.chain != COUNTDOWN);
        lowerBound = instant;
      } else {
        anchor(instant);
      }
    }
  }

  private void anchor(long at) {
    instant = Math.max(instant, at);
    anchorInstant = instant;
    anchorReceived = received;
  }
}
