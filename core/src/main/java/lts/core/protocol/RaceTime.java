package lts.core.protocol;

import java.util.List;
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
 */
final class RaceTime {

  private final RaceClock clock = new RaceClock();
  private Light light;

  /** Starts a frame received at {@code receivedAt}; returns its provisional race instant. */
  long frame(long receivedAt) {
    return clock.frame(receivedAt);
  }

  /** The race instant of the frame being read, provisional until {@link #endFrame}. */
  long now() {
    return clock.now();
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
    for (RaceEvent e : frameEvents) {
      if (e instanceof LapCompleted lap && lap.lapTimeMs() == null) {
        // a count without its time, emitted when the wait for the time ran out: the row crossed
        // earlier, when the count came, so this frame says nothing about when
        clock.pit(lap.rowId());
      } else if (e instanceof LapCompleted lap && !resnapshot) {
        clock.lap(lap.rowId(), lap.lapTimeMs());
      } else if (e instanceof PitIn in) {
        clock.pit(in.rowId());
      } else if (e instanceof PitOut out) {
        clock.pit(out.rowId());
      } else if (e instanceof LapCountCorrected c) {
        clock.pit(c.rowId());
      } else if (e instanceof LightChanged l) {
        light = l.light();
      } else if (e instanceof RemainingTime r && r.clock() == RemainingTime.Clock.COUNTDOWN
          && r.ms() != null) {
        clock.countdown(r.ms(), light != Light.RED && light != Light.FINISHED, resnapshot);
      }
    }
    return clock.endFrame();
  }
}
