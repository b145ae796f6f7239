package lts.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Plain values for the collaborators' tests: a one-hour race and teams made by hand. */
final class SampleRace {

  /** 1 hour, green at 45 s, a one-minute yellow from 1,000 s, connection down 1,990-2,000 s. */
  static final RaceTimeline TIMELINE = new RaceTimeline(0, 45_000, 3_600_000, 1_000_000,
      1_060_000, 3_705_000, 2_000_000, 1_990_000);

  private SampleRace() {
  }

  /** A team with one neutral driver, its lap stream seeded with {@code seed}. */
  static RacingTeam team(int idx, int rowId, long seed) {
    RacingTeam t = new RacingTeam(idx, rowId, Integer.toString(idx + 1), "TEAM " + (idx + 1),
        List.of(new Driver("DRIVER " + (idx + 1), 0, 150)), new SplittableRandom(seed));
    t.gridPos = idx + 1;
    t.position = idx + 1;
    t.reachedAt = idx;
    return t;
  }

  /** {@code n} teams on rows 1..n, in grid order. */
  static List<RacingTeam> teams(int n) {
    List<RacingTeam> teams = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      teams.add(team(i, i + 1, 1));
    }
    return teams;
  }

  /** What a sink received. */
  record Sent(long at, String text) {
  }

  static FeedConnection<RuntimeException> connection(List<Sent> sent) {
    return new FeedConnection<>((at, text) -> sent.add(new Sent(at, text)), TIMELINE);
  }
}
