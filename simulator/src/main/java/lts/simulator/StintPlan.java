package lts.simulator;

import java.util.Arrays;

/**
 * A team's wish for its race: after how long a stint each planned stop is made. The targets
 * change when the team replans (after a stop, when the yellow ends); the rules of
 * {@link StintPlanner#shouldPit} win over the plan.
 */
final class StintPlan {

  private final long[] targets;
  private final boolean yellowOpportunist;

  /** {@code targets} is owned by the plan from now on. */
  StintPlan(long[] targets, boolean yellowOpportunist) {
    this.targets = targets;
    this.yellowOpportunist = yellowOpportunist;
  }

  int stops() {
    return targets.length;
  }

  /** The stint length, ms, after which stop {@code i} (from 0) is made. */
  long target(int i) {
    return targets[i];
  }

  /** The targets of stops {@code from..} as the team last planned them, copied. */
  long[] targetsFrom(int from) {
    return Arrays.copyOfRange(targets, from, targets.length);
  }

  /** Replaces the targets of stops {@code from..}. */
  void retarget(int from, long[] rest) {
    System.arraycopy(rest, 0, targets, from, rest.length);
  }

  /** Does the team stop early while the yellow makes a stop cheap. */
  boolean yellowOpportunist() {
    return yellowOpportunist;
  }
}
