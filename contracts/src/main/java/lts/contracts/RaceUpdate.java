package lts.contracts;

import java.util.List;
import java.util.Objects;

/**
 * A message of the {@code race-updates} topic: the strategy database changed for a feed, so the
 * api drops its cached responses of that feed and tells its dashboards which tables to fetch
 * again. Written by {@code lts metrics} after each database commit, and by an api replica after a
 * change made through it (settings, a label override), for the other replicas. JSON
 * (docs/Messages.md): {@code {"event_code","session","tables","at"}}.
 *
 * @param eventCode the feed
 * @param session the session whose rows changed; null for a change of the whole event (its rules)
 * @param tables the changed tables ({@code teams}, {@code laps}, {@code stints}, {@code settings}, …)
 * @param at the feed's instant (epoch ms) of the last event the change reflects; null for a change
 *     made through the api, which has no instant on the feed
 */
public record RaceUpdate(EventCode eventCode, Integer session, List<String> tables, Long at) {

  /** The table name of a change of the race rules. */
  public static final String SETTINGS = "settings";

  public RaceUpdate {
    Objects.requireNonNull(eventCode, "eventCode");
    tables = List.copyOf(tables);
  }

  /** A change made through the api: no session (or the session of the stint), no feed instant. */
  public static RaceUpdate madeByHand(EventCode eventCode, Integer session, String table) {
    return new RaceUpdate(eventCode, session, List.of(table), null);
  }
}
