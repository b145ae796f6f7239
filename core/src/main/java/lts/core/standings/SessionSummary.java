package lts.core.standings;

import java.util.List;
import lts.core.event.SessionKind;

/**
 * The final (or current) standings of one session of a feed, re-snapshots merged.
 *
 * @param teams in position order (rows without a position last, in grid order)
 */
public record SessionSummary(String eventCode, int session, SessionKind kind, String title1,
    String title2, String track, List<TeamStanding> teams) {
}
