package lts.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a simulated endurance race (see docs/SIMULATOR.md).
 *
 * @param teams teams on the grid (one row each)
 * @param karts karts in the race: one per team plus the spares waiting in the pit lane rows
 * @param hours race length in hours (fractions allowed: 1.5 is 90 minutes)
 * @param pitRows rows of spare karts in the pit lane (each starts with at least one kart)
 * @param minPits minimum number of pit stops per team
 * @param pitTimeS minimum time in the pit lane per stop, seconds (from pit-in to pit-out)
 * @param maxStintMin maximum stint length, minutes (pit-out, or the start, to pit-in or the finish)
 * @param driversPerTeam drivers of each team; they drive in turn, one stint each
 * @param seed everything random derives from it: same settings, same race
 */
public record RaceSettings(int teams, int karts, double hours, int pitRows, int minPits,
    int pitTimeS, int maxStintMin, int driversPerTeam, long seed) {

  /** The defaults: 20 teams, 24 karts, 3 hours, 2 rows, 6 stops of 120 s, 50-minute stints. */
  public static final RaceSettings DEFAULT = new RaceSettings(20, 24, 3, 2, 6, 120, 50, 3, 1);

  /** Most teams a grid may hold. */
  public static final int MAX_TEAMS = 100;
  /** Most karts. */
  public static final int MAX_KARTS = 400;
  /** Longest race, hours. */
  public static final double MAX_HOURS = 48;
  /** Shortest race, minutes. */
  public static final int MIN_RACE_MINUTES = 10;
  /** Shortest stint limit, minutes. */
  public static final int MIN_MAX_STINT_MIN = 5;
  /** Shortest stint the race rules must leave room for between two stops, minutes. */
  public static final int MIN_STINT_MIN = 4;

  /** {@link #DEFAULT}. */
  public static RaceSettings defaults() {
    return DEFAULT;
  }

  /** Race length in milliseconds (the countdown shown at the start). */
  public long durationMs() {
    return Math.round(hours * 3_600_000d);
  }

  /**
   * What is wrong with these settings, in words a user understands; empty when they can be
   * simulated. {@link RaceSimulator} refuses settings with problems.
   */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (teams < 1) {
      problems.add("teams must be at least 1 (got " + teams + ")");
    } else if (teams > MAX_TEAMS) {
      problems.add("at most " + MAX_TEAMS + " teams (got " + teams + ")");
    }
    if (karts > MAX_KARTS) {
      problems.add("at most " + MAX_KARTS + " karts (got " + karts + ")");
    }
    if (teams >= 1 && karts < teams) {
      problems.add("more teams (" + teams + ") than karts (" + karts + "): every team needs a kart");
    }
    if (pitRows < 1) {
      problems.add("pitRows must be at least 1 (got " + pitRows + ")");
    } else if (teams >= 1 && karts >= teams && karts - teams < pitRows) {
      problems.add("each pit row needs at least one spare kart: karts - teams = "
          + (karts - teams) + " spare karts for " + pitRows + " rows");
    }
    boolean hoursOk = false;
    if (Double.isNaN(hours) || hours <= 0) {
      problems.add("hours must be more than 0 (got " + hoursText() + ")");
    } else if (hours > MAX_HOURS) {
      problems.add("at most " + (int) MAX_HOURS + " hours (got " + hoursText() + ")");
    } else if (hours * 60 < MIN_RACE_MINUTES) {
      problems.add("the race must last at least " + MIN_RACE_MINUTES + " minutes (got "
          + hoursText() + " h)");
    } else {
      hoursOk = true;
    }
    if (minPits < 0) {
      problems.add("minPits must be 0 or more (got " + minPits + ")");
    }
    boolean pitOk = false;
    if (pitTimeS < 1) {
      problems.add("pitTimeS must be at least 1 second (got " + pitTimeS + ")");
    } else if (pitTimeS > 3600) {
      problems.add("pitTimeS must be at most 3600 seconds (got " + pitTimeS + ")");
    } else {
      pitOk = true;
    }
    if (maxStintMin < MIN_MAX_STINT_MIN) {
      problems.add("maxStintMin must be at least " + MIN_MAX_STINT_MIN + " minutes (got "
          + maxStintMin + ")");
    }
    if (driversPerTeam < 1) {
      problems.add("driversPerTeam must be at least 1 (got " + driversPerTeam + ")");
    } else if (driversPerTeam > 20) {
      problems.add("driversPerTeam must be at most 20 (got " + driversPerTeam + ")");
    }
    if (hoursOk && pitOk && minPits >= 0) {
      long raceS = durationMs() / 1000;
      long neededS = (long) minPits * pitTimeS + (long) (minPits + 1) * MIN_STINT_MIN * 60;
      if (neededS > raceS) {
        problems.add(minPits + " stops of " + pitTimeS + " s with stints of at least "
            + MIN_STINT_MIN + " minutes need " + (neededS + 59) / 60 + " minutes: more than the "
            + raceS / 60 + "-minute race");
      }
    }
    return problems;
  }

  private String hoursText() {
    return Double.isNaN(hours) ? "NaN" : java.math.BigDecimal.valueOf(hours).stripTrailingZeros()
        .toPlainString();
  }

  /** A copy with another number of teams. */
  public RaceSettings withTeams(int value) {
    return new RaceSettings(value, karts, hours, pitRows, minPits, pitTimeS, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another number of karts. */
  public RaceSettings withKarts(int value) {
    return new RaceSettings(teams, value, hours, pitRows, minPits, pitTimeS, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another race length. */
  public RaceSettings withHours(double value) {
    return new RaceSettings(teams, karts, value, pitRows, minPits, pitTimeS, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another number of pit lane rows. */
  public RaceSettings withPitRows(int value) {
    return new RaceSettings(teams, karts, hours, value, minPits, pitTimeS, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another minimum number of stops. */
  public RaceSettings withMinPits(int value) {
    return new RaceSettings(teams, karts, hours, pitRows, value, pitTimeS, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another minimum pit lane time. */
  public RaceSettings withPitTimeS(int value) {
    return new RaceSettings(teams, karts, hours, pitRows, minPits, value, maxStintMin,
        driversPerTeam, seed);
  }

  /** A copy with another stint limit. */
  public RaceSettings withMaxStintMin(int value) {
    return new RaceSettings(teams, karts, hours, pitRows, minPits, pitTimeS, value,
        driversPerTeam, seed);
  }

  /** A copy with another number of drivers per team. */
  public RaceSettings withDriversPerTeam(int value) {
    return new RaceSettings(teams, karts, hours, pitRows, minPits, pitTimeS, maxStintMin, value,
        seed);
  }

  /** A copy with another seed. */
  public RaceSettings withSeed(long value) {
    return new RaceSettings(teams, karts, hours, pitRows, minPits, pitTimeS, maxStintMin,
        driversPerTeam, value);
  }
}
