package lts.core.strategy;

/** Whether a lap counts for a stint's pace, and if not, why. */
public enum LapVerdict {
  /** A representative lap. */
  CLEAN,
  /** The first lap after a pit-out (part of it in the pit lane). */
  OUT_LAP,
  /** The last lap before a pit-in. */
  IN_LAP,
  /** Driven (partly) under a yellow flag or safety car. */
  YELLOW,
  /** Over 115 % of the stint's median: a spin, a big traffic jam. */
  SLOW,
  /** Further than k·MAD from the stint's median (traffic, a mistake, a timing glitch). */
  OUTLIER,
  /** The feed showed no time for it. */
  NO_TIME;

  public boolean clean() {
    return this == CLEAN;
  }
}
