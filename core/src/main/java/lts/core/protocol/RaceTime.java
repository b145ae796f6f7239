package lts.core.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.RaceEvent;
import lts.core.event.RemainingTime;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;

/**
 * What a frame's events say about time, given to the feed's {@link RaceClock}: each crossing with
 * its lap time, each pit-lane entry or exit, lap correction and lap whose time never came (the
 * row's next lap is no evidence),
 * each running countdown; a new session starts the clock's evidence again and a re-snapshot (after
 * a hole, a reconnect) breaks the laps' chains while the countdown measures the hole. The events
 * of a frame are read together, so a countdown in the frame of a snapshot counts as the snapshot's
 * (up to 30 s stale) whatever the order of its lines.
 *
 * <p>It also keeps when each row in the pit lane entered it: the pit-in frame's instant, or later
 * where the row's pit clock says so. Apex's pit clock ({@code otr} cell, class {@code to}) shows
 * the whole seconds since the pit-in, a tick a second (measured on the Santos recordings: a tick
 * showing v s comes v s after the pit-in, from 0.6 s early to 0.2 s late). Read as fast as
 * possible, a frame without evidence of time keeps the instant of the last evidence (seconds
 * early at a pit-in); a frame that shows v s puts the pit-in at least at its own instant less v,
 * and the ticks of the minutes in the lane, each among other rows' crossings, tell the pit-in
 * within a second.
 */
final class RaceTime {

  private final RaceClock clock = new RaceClock();
  private Light light;
  /** Pit-in instants of the rows in the lane (race ms). */
  private final Map<Integer, Long> laneStarts = new HashMap<>();
  /** The pit clock values shown in the frame being read: row id, ms. */
  private final List<long[]> ticks = new ArrayList<>();

  /** Starts a frame received at {@code receivedAt}; returns its provisional race instant. */
  long frame(long receivedAt) {
    return clock.frame(receivedAt);
  }

  /** The race instant of the frame being read, provisional until {@link #endFrame}. */
  long now() {
    return clock.now();
  }

  /** Row {@code rowId}, in the lane, shows {@code shownMs} on its pit clock in this frame. */
  void pitClock(int rowId, long shownMs) {
    if (shownMs >= 0) {
      ticks.add(new long[] {rowId, shownMs});
    }
  }

  /**
   * When row {@code rowId} entered the pit lane it is in, on the race clock (the frames read so
   * far tell); null when the row is in no lane the feed showed.
   */
  Long laneStartedAt(int rowId) {
    return laneStarts.get(rowId);
  }

  /** The clock now: instant, received instant, rate, mode. */
  RaceClock.Reading reading() {
    return clock.reading();
  }

  /** Reads the evidence of the frame's events and returns the frame's final race instant. */
  long endFrame(List<RaceEvent> frameEvents, boolean snapshot) {
    boolean resnapshot = snapshot;
    for (RaceEvent e : frameEvents) {
      if (e instanceof SessionStarted) {
        clock.newSession();
        resnapshot = true;
      } else if (e instanceof SessionResumed) {
        clock.breakEvidence();
        resnapshot = true;
      }
    }
    for (long[] t : ticks) {
      clock.pitClock((int) t[0], t[1]);
    }
    for (RaceEvent e : frameEvents) {
      if (e instanceof LapCompleted lap && lap.lapTimeMs() == null) {
        // a count without its time, emitted when the wait for the time ran out: the row crossed
        // earlier, when the count came, so this frame says nothing about when
        clock.pit(lap.rowId());
      } else if (e instanceof LapCompleted lap && !resnapshot) {
        clock.lap(lap.rowId(), lap.lapTimeMs());
      } else if (e instanceof PitIn in) {
        clock.pit(in.rowId());
        if (!resnapshot) { // a snapshot shows a row in the lane since some time before
          clock.laneEntered(in.rowId());
        }
      } else if (e instanceof PitOut out) {
        clock.pit(out.rowId());
        clock.laneLeft(out.rowId());
      } else if (e instanceof LapCountCorrected c) {
        clock.pit(c.rowId());
      } else if (e instanceof LightChanged l) {
        light = l.light();
      } else if (e instanceof RemainingTime r && r.clock() == RemainingTime.Clock.COUNTDOWN
          && r.ms() != null) {
        clock.countdown(r.ms(), light != Light.RED && light != Light.FINISHED, resnapshot);
      }
    }
    long instant = clock.endFrame();
    laneStarts(frameEvents, instant);
    return instant;
  }

  /**
   * The pit-in instants after the frame at {@code instant}: a pit-in starts its row's lane at the
   * frame. Read as fast as possible (evidence mode) a frame's instant is a lower bound, often the
   * last evidence's: a tick showing v ms then puts the pit-in at the frame less v when that is
   * later, the latest such bound holds. At the feed's pace the pit-in frame's own instant holds
   * (a tick delayed by the network would put it late).
   */
  private void laneStarts(List<RaceEvent> frameEvents, long instant) {
    for (RaceEvent e : frameEvents) {
      if (e instanceof SessionStarted) {
        laneStarts.clear();
      } else if (e instanceof PitIn in) {
        laneStarts.put(in.rowId(), instant);
      }
    }
    if (clock.reading().mode() == RaceClock.Mode.EVIDENCE) {
      for (long[] t : ticks) {
        laneStarts.computeIfPresent((int) t[0], (row, known) -> Math.max(known, instant - t[1]));
      }
    }
    ticks.clear();
    for (RaceEvent e : frameEvents) {
      if (e instanceof PitOut out) {
        laneStarts.remove(out.rowId());
      }
    }
  }
}
