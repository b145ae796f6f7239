package lts.strategy;

import lts.strategy.PitLaneMove.KartLeft;
import lts.strategy.PitLaneMove.KartTaken;
import lts.strategy.TeamState.Stop;

/**
 * A team's visits to the pit lane from the three ways the feed shows them: a pit-in, a pit-out,
 * and the pit column (stops made). A pit-in and a column increase close in feed time are one
 * stop; a column increase without a pit-in is a stop the feed did not show (inferred, over when
 * the team laps again); a column decrease (race control) uncounts the last counted stops. A
 * counted stop carries its number on Apex's counter (the strategist reads "stop 13 of 16" there),
 * a visit the counter does not count none. Every
 * kart left or taken goes to the session's {@link PitLaneReplay}.
 */
final class PitStopMatcher {

  /** A pit-in and a pit-column increase this close in feed time are the same stop. */
  static final long PIT_MATCH_MS = 15_000;

  private final PitLaneReplay pitLane;

  PitStopMatcher(PitLaneReplay pitLane) {
    this.pitLane = pitLane;
  }

  /** The team entered the pit lane (after its finish: on its way home, no stop). */
  void pitIn(TeamState t, long at) {
    pitIn(t, at, false);
  }

  /**
   * The team entered the pit lane; {@code resent}: seen so first in a re-sent grid after a hole
   * (its pit-in fell in the hole).
   */
  void pitIn(TeamState t, long at, boolean resent) {
    if (t.finished) {
      return;
    }
    Stop last = t.lastStop();
    if (resent && last != null && last.inHole && last.inAt == at && last.lengthUnknown
        && !last.endedByFlag) {
      // the grid that counted the stop shows the team still in the lane: the stop goes on
      last.outAt = null;
      last.lengthUnknown = false;
      last.popped = false;
      last.inferred = false;
      t.inPit = true;
      return;
    }
    if (last != null && last.inferred && last.outAt == null && !last.popped
        && at - last.inAt <= PIT_MATCH_MS) {
      last.inferred = false; // the pit-in of the stop the pit column announced
      t.inPit = true;
      return;
    }
    if (t.inPit && last != null && last.outAt == null) {
      return;
    }
    Stop s = t.newStop(at);
    s.inHole = resent;
    t.inPit = true;
    pitLane.add(new KartLeft(t.rowId, t.stintNumberClosedBy(s), at));
  }

  /**
   * The team left the pit lane after {@code pitTimeMs} (null when the feed did not say); {@code
   * inAt}: when it entered, as the engine's pit clock tells (null: unknown). Read as fast as
   * possible, a pit-in frame keeps the instant of the last evidence of time, seconds early; the
   * pit clock's ticks tell the pit-in within a second, and the pit-out is then at least the time
   * shown after it (docs/LAPS.md, "Race time"). A stop begun in a hole keeps its re-sent grid's
   * instant. {@code resent}: seen so first in a re-sent grid after a hole, so the stop ended in
   * the hole: its length is unknown (the pit clock shown last was before the hole).
   */
  void pitOut(TeamState t, long at, Long pitTimeMs, Long inAt, boolean resent) {
    if (resent) {
      pitTimeMs = null;
      inAt = null;
    }
    t.inPit = false;
    Stop last = t.lastStop();
    if (last != null && last.endedByFlag) {
      // in the lane at the flag, out after it: the stop ended here (its team goes to finish)
      last.outAt = null;
      last.endedByFlag = false;
      last.lengthUnknown = false;
    }
    if (last != null && last.outAt == null) {
      if (inAt != null && !last.inHole && inAt > last.inAt && inAt <= at) {
        last.inAt = inAt;
      }
      last.outAt = pitTimeMs == null || last.inHole ? at : Math.max(at, last.inAt + pitTimeMs);
      last.pitTimeMs = pitTimeMs;
      last.lengthUnknown = resent;
      if (!last.popped) {
        pitLane.add(new KartTaken(t.rowId, last.outAt));
        last.popped = true;
      }
    }
  }

  /** The pit column shows {@code pits} stops (null: cleared). */
  void pitCount(TeamState t, Integer pits, long at) {
    pitCount(t, pits, at, false);
  }

  /**
   * The pit column shows {@code pits} stops; {@code resent}: in a grid re-sent after a hole, so a
   * stop it counts that the feed did not show fell in the hole: its lap range is known (after the
   * last lap seen, before the count shown now), its times are not, and the lane's karts are
   * unknown from then on.
   */
  void pitCount(TeamState t, Integer pits, long at, boolean resent) {
    if (pits == null) {
      t.pitColumn = null;
      return;
    }
    if (t.pitColumn == null && !t.pitColumnSeen && t.joinedMidway && t.stops.isEmpty()) {
      // joined a running race: the stops before are not ours to see
      t.stopBase = pits;
      t.counted = pits;
      t.pitColumn = pits;
      t.pitColumnSeen = true;
      return;
    }
    t.pitColumn = pits;
    t.pitColumnSeen = true;
    while (t.counted > pits) { // race control took stops off the column
      t.counted--;
      for (int i = t.stops.size() - 1; i >= 0; i--) {
        if (t.stops.get(i).counted) {
          t.stops.get(i).counted = false;
          t.stops.get(i).apexStop = null;
          break;
        }
      }
    }
    while (t.counted < pits) {
      Stop last = t.lastStop();
      t.counted++;
      if (last != null && !last.counted && (last.outAt == null || at - last.inAt <= PIT_MATCH_MS)) {
        last.counted = true;
        last.apexStop = t.counted;
      } else {
        if (resent && last != null && last.outAt == null) {
          // in the lane before the hole and counted again: that stop ended in the hole too
          closeUnseen(t, last, at);
        }
        Stop s = t.newStop(at); // a stop the feed did not show: inferred from the column
        s.inferred = true;
        s.counted = true;
        s.apexStop = t.counted;
        pitLane.add(new KartLeft(t.rowId, t.stintNumberClosedBy(s), at));
        if (resent) {
          s.inHole = true;
          s.lapIn = t.laps.isEmpty() ? s.lapIn : t.laps.lastKey(); // the last lap seen before
          s.lapInEstimated = true;
          if (!t.inPit) { // over before the grid came back
            closeUnseen(t, s, at);
          }
          pitLane.add(new PitLaneMove.LaneUnknown(at));
        }
      }
    }
  }

  /**
   * The chequered flag: a team still in the pit lane will not leave it in this race. Its stop
   * closes at the flag, its length unknown, so that no pit clock runs on after the race.
   */
  void flag(TeamState t, long at) {
    Stop last = t.lastStop();
    if (t.inPit && last != null && last.outAt == null) {
      last.outAt = at;
      last.lengthUnknown = true;
      last.endedByFlag = true;
    }
    t.inPit = false;
  }

  /**
   * The team completed a lap: a stop the feed showed only through the pit column is over, and so
   * is one whose team laps twice while the feed never said it left (the in-lap may end in the
   * lane, as at Cap Karting; a second lap cannot): closed, its length unknown.
   */
  void lapped(TeamState t, long at) {
    Stop last = t.lastStop();
    if (t.inPit && last != null && last.outAt == null && ++last.lapsInLane >= 2) {
      t.inPit = false;
      closeUnseen(t, last, at);
    } else if (last != null && last.outAt == null && !last.popped && !t.inPit && last.inferred) {
      closeUnseen(t, last, at); // back on track by now
    }
  }

  /**
   * The stop is over by {@code at}, when exactly the feed did not say: closed there, its length
   * unknown, the team's kart taken from the lane if it was not yet.
   */
  private void closeUnseen(TeamState t, Stop s, long at) {
    s.outAt = at;
    s.lengthUnknown = true;
    if (!s.popped) {
      pitLane.add(new KartTaken(t.rowId, at));
      s.popped = true;
    }
  }
}
