package lts.strategy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceUpdate;
import lts.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of records (what the runner read since the last commit) as one database transaction:
 * the rows of every dirty session that differ from what the database holds, the rejected
 * records, and the next offset of every partition ({@code metrics_offsets}), committed together
 * or not at all. The partitions' states move on only once the transaction committed.
 */
final class BatchTransaction {

  private static final Logger log = LoggerFactory.getLogger(BatchTransaction.class);

  /**
   * A committed transaction.
   *
   * @param partitions the partitions whose records it committed
   * @param updates the race-updates notifications of the sessions it changed, in order
   * @param rows rows written
   * @param computeNanos time spent computing rows (of the whole transaction's)
   */
  record Committed(List<PartitionState> partitions, List<RaceUpdate> updates, int rows,
      long computeNanos) {
  }

  private final Database db;
  private final String topic;
  private final StoredRules rules;

  /**
   * @param db the runner's database
   * @param topic the topic whose offsets the transaction moves
   * @param rules the rules of the races, read at every transaction that touches a feed
   */
  BatchTransaction(Database db, String topic, StoredRules rules) {
    this.db = db;
    this.topic = topic;
    this.rules = rules;
  }

  /**
   * Commits what the pending partitions read; nothing when none is.
   *
   * @throws Writes.FencedException when another writer moved an offset (rolled back)
   * @throws SQLException when the database failed (rolled back: nothing moved on)
   */
  Committed commit(List<PartitionState> pending) throws SQLException {
    if (pending.isEmpty()) {
      return new Committed(List.of(), List.of(), 0, 0);
    }
    long computeNanos = 0;
    Map<PartitionState, Writes> writes = new LinkedHashMap<>();
    Map<SessionKey, Long> lastAt = new HashMap<>();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        for (PartitionState state : pending) {
          Writes w = new Writes();
          for (FeedModel feed : state.feeds.values()) {
            if (feed.sessions.values().stream().noneMatch(s -> s.dirty)) {
              continue;
            }
            feed.rules = rules.read(c, feed.eventCode);
            for (SessionModel s : feed.sessions.values()) {
              if (s.dirty) {
                SessionKey key = new SessionKey(feed.eventCode, s.session);
                LabelOverrides overrides = Store.overrides(c, feed.eventCode, s.session);
                long t0 = System.nanoTime();
                state.cache.diff(s.rows(feed.rules, overrides, false), key, w);
                computeNanos += System.nanoTime() - t0;
                lastAt.put(key, s.lastAt);
              }
            }
          }
          w.rejected.addAll(state.rejected);
          w.offsets.add(state.offsetMove());
          w.execute(c, topic);
          writes.put(state, w);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is gone: nothing was committed
        }
        throw e;
      }
    }
    int rows = 0;
    List<RaceUpdate> updates = new ArrayList<>();
    for (Map.Entry<PartitionState, Writes> e : writes.entrySet()) {
      e.getKey().committed(e.getValue());
      rows += e.getValue().rows();
      e.getValue().changed.forEach((key, tables) -> RaceUpdatesNotifier
          .update(key, tables, lastAt.get(key))
          .ifPresentOrElse(updates::add, () -> log.debug("metrics: no race-updates notification "
              + "for {}: not a valid event code", key.eventCode())));
    }
    return new Committed(List.copyOf(writes.keySet()), updates, rows, computeNanos);
  }
}
