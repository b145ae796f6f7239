package lts.core.strategy;

import java.util.List;

/**
 * One stint of a team: the laps driven with one kart, from a pit-out (or the start) to the next
 * pit-in. Open (no {@code endLap}) while the team is still on track with that kart.
 *
 * @param number 1 for the first stint of the race
 * @param startLap first lap of the stint
 * @param endLap last lap (the in-lap), null while open
 * @param laps laps completed in the stint
 * @param driver the driver (the last one seen in the stint)
 * @param bestMs best lap of the stint, null when no time
 * @param averageMs average of the last N clean laps, null when there is none
 * @param cleanLaps how many clean laps the stint has
 * @param verdicts the verdict of every lap, in order
 */
public record Stint(int rowId, int number, int startLap, Integer endLap, int laps, String driver,
    Long bestMs, Long averageMs, int cleanLaps, List<LapVerdict> verdicts) {

  public boolean open() {
    return endLap == null;
  }
}
