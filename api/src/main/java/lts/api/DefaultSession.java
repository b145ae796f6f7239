package lts.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The session a page shows when none is asked for: the latest race that has teams (the practice
 * session a feed opens after the flag does not hide the race), else the latest session with
 * teams (a "no session" blip after a race does not hide it), else the latest.
 */
final class DefaultSession {

  /** What the choice looks at of one stored session. */
  record Candidate(int session, String kind, long startedAt, int teams) {

    boolean isRaceWithTeams() {
      return hasTeams() && "race".equalsIgnoreCase(kind);
    }

    boolean hasTeams() {
      return teams > 0;
    }
  }

  /** Latest first: by start, then by number. */
  private static final Comparator<Candidate> LATEST_FIRST = Comparator
      .comparingLong(Candidate::startedAt).thenComparingInt(Candidate::session).reversed();

  private DefaultSession() {
  }

  /** The default among a feed's sessions (in any order); empty when it has none. */
  static Optional<Candidate> among(List<Candidate> sessions) {
    List<Candidate> latestFirst = sessions.stream().sorted(LATEST_FIRST).toList();
    return latestFirst.stream().filter(Candidate::isRaceWithTeams).findFirst()
        .or(() -> latestFirst.stream().filter(Candidate::hasTeams).findFirst())
        .or(() -> latestFirst.stream().findFirst());
  }
}
