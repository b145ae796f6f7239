package lts.strategy;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import lts.contracts.RaceRules;
import lts.core.event.CompetitorRegistered;
import lts.core.event.RaceEvent;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.event.UnparsedLine;

/**
 * Everything the runner holds in memory for one feed (event code): its sessions and the ids of
 * the events already applied (a producer that re-sends an event with the same id changes
 * nothing). A pure function of the events applied, in order: rebuilt on restart by replaying the
 * partition up to the offset stored in the database.
 */
final class FeedModel {

  /** How many recent event ids are remembered for deduplication. */
  static final int REMEMBERED_IDS = 200_000;

  final String eventCode;
  final Map<Integer, SessionModel> sessions = new TreeMap<>();
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  /** The race's rules as last read (at the last transaction that touched the feed). */
  RaceRules rules;
  long duplicates;

  FeedModel(String eventCode) {
    this.eventCode = eventCode;
  }

  /**
   * Applies one event.
   *
   * @return null when applied (or skipped as a duplicate), else why it cannot be applied
   */
  String apply(RaceEvent e) {
    if (e.id() != null) {
      if (!seen.add(e.id())) {
        duplicates++;
        return null;
      }
      if (seen.size() > REMEMBERED_IDS) {
        Iterator<String> oldest = seen.iterator();
        oldest.next();
        oldest.remove();
      }
    }
    if (e instanceof UnparsedLine) {
      return null; // the parser's business: counted there
    }
    SessionModel session = sessions.get(e.session());
    if (session == null) {
      boolean opens = e instanceof SessionStarted || e instanceof SessionResumed;
      if (!opens && !(e instanceof CompetitorRegistered) && SessionModel.rowOf(e) != null) {
        return "unknown team: row " + SessionModel.rowOf(e) + " in session " + e.session()
            + " that never started";
      }
      session = new SessionModel(eventCode, e.session(), e.at());
      sessions.put(e.session(), session);
    }
    return session.apply(e);
  }
}
