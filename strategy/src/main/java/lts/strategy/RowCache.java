package lts.strategy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.store.Table;
import lts.strategy.TableRow.PitQueueRow;

/**
 * What the database holds, as last committed by this runner, per row key: a transaction writes
 * only the rows that differ.
 */
final class RowCache {

  private final Map<Table, Map<List<Object>, TableRow>> rows = new EnumMap<>(Table.class);
  private final Map<SessionKey, List<PitQueueRow>> pitLanes = new HashMap<>();

  /** Adds to {@code w} the rows of {@code computed} that differ from the cache. */
  void diff(SessionRows computed, SessionKey session, Writes w) {
    for (Map.Entry<Table, List<? extends TableRow>> e : computed.byTable().entrySet()) {
      Table table = e.getKey();
      if (table == Table.PIT_QUEUE) {
        List<PitQueueRow> old = pitLanes.get(session);
        if (old == null ? !computed.pitQueue.isEmpty() : !old.equals(computed.pitQueue)) {
          w.pitLane(session, computed.pitQueue);
        }
        continue;
      }
      Map<List<Object>, TableRow> cached = rows.get(table);
      for (TableRow row : e.getValue()) {
        TableRow old = cached == null ? null : cached.get(row.key());
        if (!row.equals(old)) {
          w.upsert(row);
        }
      }
    }
  }

  /** The transaction committed: the cache now holds what it wrote. */
  void committed(Writes w) {
    w.upserts.forEach((table, list) -> {
      Map<List<Object>, TableRow> cached = rows.computeIfAbsent(table, t -> new HashMap<>());
      for (TableRow row : list) {
        cached.put(row.key(), row);
      }
    });
    pitLanes.putAll(w.pitLanes);
  }

  /**
   * Seeds the cache with the rows a restored model computes: the database holds them, since
   * every transaction wrote what differed. Not the pit lane and the odds: they also depend on
   * the strategist's label overrides, which may have changed while the runner was away, so
   * the first transaction after a restore writes them again.
   */
  void seed(SessionRows computed) {
    Writes w = new Writes();
    computed.byTable().forEach((table, list) -> {
      if (table != Table.PIT_QUEUE && table != Table.ODDS) {
        list.forEach(w::upsert);
      }
    });
    committed(w);
  }
}
