package lts.simulator;

/** A state change of the simulated race, scheduled in an {@link EventQueue}. */
sealed interface SimEvent {

  /** The team crosses the line. */
  record Crossing(RacingTeam team) implements SimEvent {
  }

  /** The team enters the pit lane. */
  record PitIn(RacingTeam team) implements SimEvent {
  }

  /** The team's stop is over. */
  record PitOut(RacingTeam team) implements SimEvent {
  }

  /**
   * Second {@code second} of the team's stop; stale when the team's generation moved on.
   */
  record PitClock(RacingTeam team, int gen, int second) implements SimEvent {
  }

  /** Minute {@code minute} of the team's stint on track; stale when its generation moved on. */
  record TrackClock(RacingTeam team, int gen, int minute) implements SimEvent {
  }

  /** The countdown line. */
  record Countdown() implements SimEvent {
  }

  /** The name column switches to the drivers on track. */
  record DriverNames() implements SimEvent {
  }

  /** The name column switches to the teams' names. */
  record TeamNames() implements SimEvent {
  }

  record GreenLight() implements SimEvent {
  }

  record YellowLight() implements SimEvent {
  }

  record YellowEnd() implements SimEvent {
  }

  /** Race control announces a lap penalty. */
  record PenaltyAnnounced(RacingTeam team, int laps, String reason) implements SimEvent {
  }

  /** The penalty's laps are taken off. */
  record PenaltyApplied(RacingTeam team, int laps, String reason) implements SimEvent {
  }

  /** The connection is back: a new snapshot. */
  record Reconnect() implements SimEvent {
  }

  /** Junk on the socket (variant picks its text). */
  record Junk(int variant) implements SimEvent {
  }
}
