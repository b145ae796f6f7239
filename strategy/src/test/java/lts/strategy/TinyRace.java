package lts.strategy;

import java.util.ArrayList;
import java.util.List;
import lts.contracts.RaceRules;
import lts.core.event.CompetitorRegistered;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceEvent;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;

/**
 * Two teams, eight laps each, a stop of team 1 after lap 4 and a correction of team 2's count:
 * a row in every table. For the tests of the parts of the runner.
 */
final class TinyRace {

  static final String CODE = "tiny";
  static final long T0 = 1_777_000_000_000L;

  final List<RaceEvent> events = new ArrayList<>();
  final FeedModel feed = new FeedModel(CODE);
  private int frame;

  TinyRace() {
    add(new SessionStarted(id(), CODE, 1, T0, SessionKind.RACE, "TINY", "RACE", "TRACK"));
    add(new CompetitorRegistered(id(), CODE, 1, T0, 1, "1", "ALPHA"));
    add(new CompetitorRegistered(id(), CODE, 1, T0, 2, "2", "BRAVO"));
    long at = T0;
    for (int lap = 1; lap <= 8; lap++) {
      at += 60_000;
      add(new LapCompleted(id(), CODE, 1, at, 1, lap, 60_000 + lap * 10L, "A", false));
      add(new LapCompleted(id(), CODE, 1, at + 500, 2, lap, 60_500 + lap * 10L, "B", false));
      add(new PositionChanged(id(), CODE, 1, at, 1, 1));
      add(new PositionChanged(id(), CODE, 1, at, 2, 2));
      if (lap == 4) {
        add(new PitIn(id(), CODE, 1, at + 5_000, 1));
        add(new PitOut(id(), CODE, 1, at + 65_000, 1, 60_000L, null));
        at += 60_000;
      }
    }
    add(new LapCountCorrected(id(), CODE, 1, at + 1_000, 2, 8, 7, "feed"));
  }

  private String id() {
    return CODE + "/" + (++frame) + "/0";
  }

  private void add(RaceEvent e) {
    events.add(e);
    String problem = feed.apply(e);
    if (problem != null) {
      throw new AssertionError(problem);
    }
  }

  SessionModel session() {
    return feed.sessions.get(1);
  }

  SessionKey key() {
    return new SessionKey(CODE, 1);
  }

  /** Every row of the session with the default rules. */
  SessionRows rows() {
    return session().rows(RaceRules.defaults(5), LabelOverrides.NONE, true);
  }
}
