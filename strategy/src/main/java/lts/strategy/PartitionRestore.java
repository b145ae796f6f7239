package lts.strategy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import lts.contracts.RaceEventCodec;
import lts.kafka.KafkaClients;
import lts.kafka.TopicHistory;
import lts.store.Database;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition assigned to the runner, rebuilt as the database holds it: its records before the
 * offset stored in {@code metrics_offsets} replayed into a fresh model (nothing written: the
 * database holds their effects), the row cache seeded with that model's rows. Waits, retrying,
 * while the database is unavailable; gives up (null) when the runner stops.
 */
final class PartitionRestore {

  private static final Logger log = LoggerFactory.getLogger(PartitionRestore.class);

  private final MetricsService.Options options;
  private final Database db;
  private final StoredRules rules;
  private final RaceEventCodec codec;
  private final RunnerHealth health;

  PartitionRestore(MetricsService.Options options, Database db, StoredRules rules,
      RaceEventCodec codec, RunnerHealth health) {
    this.options = options;
    this.db = db;
    this.rules = rules;
    this.codec = codec;
    this.health = health;
  }

  /** The offsets in the database, retried with a backoff while it is unavailable; null: stopping. */
  Map<Integer, Long> storedOffsets() {
    for (int attempt = 1; !health.stopping(); attempt++) {
      try (Connection c = db.connection()) {
        return Store.offsets(c, options.topic());
      } catch (SQLException e) {
        health.waitBeforeRetry("reading the stored offsets", attempt, e);
      }
    }
    return null;
  }

  /**
   * The state of a partition at the offset the database holds ({@code stored}, -1 for none);
   * null when the runner stopped meanwhile.
   */
  PartitionState restore(TopicPartition tp, long stored) {
    PartitionState state = new PartitionState(tp.partition(), codec);
    state.storedOffset = stored;
    long offset = Math.max(0, stored);
    if (offset > 0) {
      long started = System.nanoTime();
      long replayed = replay(tp, offset, state);
      if (health.stopping() || !seed(tp, state)) {
        return null;
      }
      log.info("metrics: {} rebuilt from {} records in {} ms", tp, replayed,
          (System.nanoTime() - started) / 1_000_000);
    }
    state.nextOffset = offset;
    state.committedOffset = offset;
    return state;
  }

  /**
   * Replays the records before {@code offset} into {@code state}; how many.
   *
   * @throws IllegalStateException when the topic ends before it ({@link TopicHistory#problem})
   */
  private long replay(TopicPartition tp, long offset, PartitionState state) {
    long replayed = 0;
    Properties p = KafkaClients.consumer(options.kafkaServers(), options.group(),
        options.clientId() + "-restore");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, byte[]> restore = new KafkaConsumer<>(p)) {
      restore.assign(List.of(tp));
      TopicHistory history = new TopicHistory(tp, restore.beginningOffsets(List.of(tp)).get(tp),
          restore.endOffsets(List.of(tp)).get(tp), offset);
      String problem = history.problem("the database " + db.url() + " applied it up to",
          "point metrics at a new database (--db_url) or empty this one, so that the topic is "
          + "applied from its start");
      if (problem != null) {
        throw new IllegalStateException(problem);
      }
      if (history.warning() != null) {
        log.warn("metrics: {}; the figures of sessions that began before are rebuilt from what "
            + "is left", history.warning());
      }
      long begin = history.begin();
      restore.seek(tp, begin);
      while (!health.stopping() && restore.position(tp) < offset) {
        for (ConsumerRecord<String, byte[]> r : restore.poll(Duration.ofMillis(500))) {
          if (r.offset() < offset) {
            state.apply(r, false);
            replayed++;
          }
        }
        health.state().beat();
      }
    }
    return replayed;
  }

  /** Seeds the row cache with the rows of the replayed model; false when stopping. */
  private boolean seed(TopicPartition tp, PartitionState state) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.connection()) {
        for (FeedModel feed : state.feeds.values()) {
          feed.rules = rules.read(c, feed.eventCode);
          for (SessionModel s : feed.sessions.values()) {
            state.cache.seed(s.rows(feed.rules, Store.overrides(c, feed.eventCode, s.session),
                true));
            s.clean();
          }
        }
        return true;
      } catch (SQLException e) {
        if (health.stopping()) {
          return false;
        }
        health.waitBeforeRetry("rebuilding " + tp, attempt, e);
      }
    }
  }
}
