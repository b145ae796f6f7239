package lts.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A team's state during the run: its place in the standings, its laps, the stint it is driving,
 * its stay in the pit lane and its plan. The collaborators of {@link Simulation} read and change
 * it; it only keeps its own books (lap crossings, driving time).
 */
final class RacingTeam {

  final int idx;
  final int rowId;
  final String number;
  final String name;
  final List<Driver> drivers;
  /** Laps the team's cars draw their noise from (one stream per team). */
  final SplittableRandom rng;

  private final long[] drivingMs;
  private final int[] stintsDriven;
  private long[] crossAt = new long[256];

  int gridPos;
  int position;
  int laps;
  /** When the team reached its lap count (its grid slot before the first crossing). */
  long reachedAt;
  long prevCrossAt;
  long bestMs = -1;
  long lastMs = -1;
  boolean finished;

  int pits;
  int kart;
  int driver;
  int stintNo = 1;
  long stintStart;
  int stintStartLap;
  /** Laps completed since the last pit-out; 4 (no warm-up) at the start. */
  int crossingsSinceOut = 4;
  /** The lap being driven ends in the pit lane. */
  boolean pitLap;
  /** Set at pit-in, cleared at pit-out. */
  PitVisit pitVisit;
  /** Bumped at pit-in and pit-out: clock ticks of an earlier generation are stale. */
  int gen;

  StintPlan plan;

  RacingTeam(int idx, int rowId, String number, String name, List<Driver> drivers,
      SplittableRandom rng) {
    this.idx = idx;
    this.rowId = rowId;
    this.number = number;
    this.name = name;
    this.drivers = List.copyOf(drivers);
    this.rng = rng;
    this.drivingMs = new long[drivers.size()];
    this.stintsDriven = new int[drivers.size()];
  }

  boolean inPit() {
    return pitVisit != null;
  }

  Driver driverOnTrack() {
    return drivers.get(driver);
  }

  /** A crossing of the line at {@code at}: one lap more. Returns the lap time. */
  long crossLine(long at) {
    long lapMs = at - prevCrossAt;
    prevCrossAt = at;
    crossingsSinceOut++;
    laps++;
    if (laps >= crossAt.length) {
      crossAt = Arrays.copyOf(crossAt, crossAt.length * 2);
    }
    crossAt[laps] = at;
    reachedAt = at;
    return lapMs;
  }

  /** When the team completed lap {@code lap}, or {@code orElse} when it has not yet. */
  long crossedLapAt(int lap, long orElse) {
    return lap < crossAt.length ? crossAt[lap] : orElse;
  }

  /** The stint driven by the driver on track ends at {@code at}: his books are updated. */
  void endStint(long at) {
    drivingMs[driver] += at - stintStart;
    stintsDriven[driver]++;
  }

  /** Driving time of driver {@code d} in stints already ended. */
  long drivingMs(int d) {
    return drivingMs[d];
  }

  int stintsDriven(int d) {
    return stintsDriven[d];
  }
}
