package lts.strategy;

import lts.store.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import lts.core.event.RaceEvent;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.contracts.RaceEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lts metrics}: consumes {@code race-events}, folds the events into a model per session
 * ({@link SessionModel}) and keeps the database in step, exactly once in effect:
 *
 * <ul>
 *   <li>a batch of records (one poll) is one database transaction: the changed rows (upserts on
 *       natural keys, batched per table) and the next offset of every partition
 *       ({@code metrics_offsets}) are committed together;
 *   <li>on partition assignment the runner reads those offsets, rebuilds the partition's model
 *       by replaying the partition from its beginning up to them (nothing written), and
 *       {@code seek}s there; Kafka's committed offsets are written too, for lag monitoring only;
 *   <li>when the database is unreachable the partitions are paused, the transaction is retried
 *       with a backoff (0.5 s doubling to 30 s), the events already read stay in memory, and
 *       consumption resumes once it commits;
 *   <li>an event that cannot be applied goes to {@code rejected_events}, counted, and the
 *       stream goes on;
 *   <li>after each commit a small "changed" notification goes to {@code race-updates} per event
 *       code and session.
 * </ul>
 */
public final class MetricsService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsService.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS_HELP = "race events read, by result: applied, rejected "
      + "(table rejected_events), duplicate (same id as one already applied: skipped)";

  /**
   * What the runner needs.
   *
   * @param kafkaServers bootstrap servers
   * @param group consumer group (offsets live in the database; the group only shares the work)
   * @param clientId Kafka client id
   * @param avgLaps default N of new races' settings
   */
  public record Options(String kafkaServers, String group, String clientId, int avgLaps,
      String topic, String updatesTopic) {

    public Options {
      if (avgLaps < 1) {
        throw new IllegalArgumentException("--avg_laps must be at least 1, not " + avgLaps);
      }
    }

    /** The pipeline's topics. */
    public Options(String kafkaServers, String group, String clientId, int avgLaps) {
      this(kafkaServers, group, clientId, avgLaps, Topics.RACE_EVENTS, Topics.RACE_UPDATES);
    }
  }

  /** The state of one partition of race-events: its feeds and what the database holds. */
  static final class PartitionState {
    final int partition;
    final Map<String, FeedModel> feeds = new LinkedHashMap<>();
    final Store.RowCache cache = new Store.RowCache();
    final List<Object[]> rejected = new ArrayList<>();
    long nextOffset;
    long committedOffset;
    /** What metrics_offsets holds for the partition, -1 for no row (fencing). */
    long storedOffset = -1;

    PartitionState(int partition) {
      this.partition = partition;
    }

    boolean pending() {
      return nextOffset != committedOffset || !rejected.isEmpty();
    }
  }

  private final Options options;
  private final Database db;
  private final RaceEventCodec codec = new RaceEventCodec();
  private final RaceSettings defaults;
  private final Map<Integer, PartitionState> states = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private volatile boolean stopping;
  private volatile int assigned;
  private volatile String problem;
  private boolean paused;
  private long pausedSinceNanos;
  private int failures;
  private long nextAttemptNanos;

  private final Counter applied;
  private final Counter rejectedCount;
  private final Counter duplicates;
  private final Counter transactions;
  private final Counter dbFailures;
  private final Counter fenced;
  private final Timer transactionTime;
  private final AtomicLong pausedGauge = new AtomicLong();

  /** A runner on an open database (migrated); {@link #run()} starts consuming. */
  public MetricsService(Options options, Database db, MeterRegistry registry) {
    this.options = options;
    this.db = db;
    this.defaults = RaceSettings.defaults(options.avgLaps());
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    applied = Counter.builder("lts.strategy.events").tag("result", "applied")
        .description(EVENTS_HELP).register(r);
    rejectedCount = Counter.builder("lts.strategy.events").tag("result", "rejected")
        .description(EVENTS_HELP).register(r);
    duplicates = Counter.builder("lts.strategy.events").tag("result", "duplicate")
        .description(EVENTS_HELP).register(r);
    transactions = Counter.builder("lts.strategy.transactions")
        .description("database transactions committed").register(r);
    dbFailures = Counter.builder("lts.strategy.db.failures")
        .description("database transactions that failed (retried)").register(r);
    fenced = Counter.builder("lts.strategy.fenced")
        .description("transactions rolled back because another writer moved the stored offsets")
        .register(r);
    transactionTime = Timer.builder("lts.strategy.transaction.time")
        .description("time of a database transaction").register(r);
    r.gauge("lts.strategy.paused", pausedGauge);
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(options.kafkaServers(),
        options.group(), options.clientId()));
    this.producer = new KafkaProducer<>(KafkaClients.producer(options.kafkaServers(),
        options.clientId() + "-updates"));
  }

  /** Consumes until {@link #stop()}; returns after a last transaction of what was read. */
  public void run() {
    consumer.subscribe(List.of(options.topic()), new Rebalance());
    log.info("metrics: consuming {} (group {}) into {}", options.topic(), options.group(), db.url());
    try {
      while (!stopping) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(paused ? 100 : 200));
        for (ConsumerRecord<String, byte[]> record : records) {
          PartitionState state = states.get(record.partition());
          if (state == null || record.offset() < state.nextOffset) {
            continue;
          }
          apply(state, record, true);
          state.nextOffset = record.offset() + 1;
        }
        if (System.nanoTime() - nextAttemptNanos >= 0 && pending()) {
          tryFlush();
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      if (pending()) {
        tryFlush();
      }
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("closing the consumer", e);
      }
      producer.close(Duration.ofSeconds(5));
      log.info("metrics: stopped");
    }
  }

  /** Asks {@link #run()} to return (any thread). */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** How many partitions this runner holds, rebuilt and ready (for tests and logs). */
  int assignedPartitions() {
    return assigned;
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    return problem;
  }

  @Override
  public void close() {
    stop();
  }

  private boolean pending() {
    for (PartitionState s : states.values()) {
      if (s.pending()) {
        return true;
      }
    }
    return false;
  }

  // ---- applying events -----------------------------------------------------------------------

  private void apply(PartitionState state, ConsumerRecord<String, byte[]> record, boolean live) {
    String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    RaceEvent event;
    try {
      event = codec.fromJson(text);
    } catch (IllegalArgumentException e) {
      reject(state, record, null, text, "undecodable: " + e.getMessage(), live);
      return;
    }
    if (event == null) {
      reject(state, record, null, text, "undecodable: empty record", live);
      return;
    }
    if (event.eventCode() == null || event.eventCode().isBlank() || event.eventCode().length() > 64) {
      reject(state, record, event, text, "bad event code (empty or over 64 characters)", live);
      return;
    }
    FeedModel feed = state.feeds.computeIfAbsent(event.eventCode(), FeedModel::new);
    long before = feed.duplicates;
    String why;
    try {
      why = feed.apply(event);
    } catch (RuntimeException e) {
      why = "cannot apply: " + e;
      log.warn("event {} at offset {} cannot be applied", event.id(), record.offset(), e);
    }
    if (why != null) {
      reject(state, record, event, text, why, live);
    } else if (live) {
      if (feed.duplicates != before) {
        duplicates.increment();
      } else {
        applied.increment();
      }
    }
  }

  private void reject(PartitionState state, ConsumerRecord<String, byte[]> record, RaceEvent e,
      String text, String why, boolean live) {
    if (!live) {
      return; // recorded when it was first read
    }
    rejectedCount.increment();
    log.warn("rejected record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    state.rejected.add(new Object[] {record.topic(), record.partition(), record.offset(),
        e == null ? null : cut(e.id(), 200), e == null ? cut(record.key(), 64) : cut(e.eventCode(), 64),
        e == null ? null : e.session(), e == null ? null : cut(e.type(), 32), cut(why, 300),
        cut(text, 2000), e == null ? null : e.at()});
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  // ---- transactions --------------------------------------------------------------------------

  private void tryFlush() {
    try {
      flush();
      if (paused) {
        long seconds = (System.nanoTime() - pausedSinceNanos) / 1_000_000_000L;
        log.info("metrics: database {} reachable again after {} s and {} failed attempt(s): "
            + "resuming consumption", db.url(), seconds, failures);
        consumer.resume(consumer.assignment());
        paused = false;
        pausedGauge.set(0);
      }
      failures = 0;
      problem = null;
    } catch (Store.FencedException e) {
      fenced.increment();
      log.error("metrics: {}: rolled back; rebuilding those partitions from the database", e.getMessage());
      for (int p : e.partitions) {
        TopicPartition tp = new TopicPartition(options.topic(), p);
        states.remove(p);
        Map<Integer, Long> stored = storedOffsets();
        if (stored == null) {
          return;
        }
        PartitionState state = restore(tp, stored.getOrDefault(p, -1L));
        if (state == null) {
          return;
        }
        states.put(p, state);
        consumer.seek(tp, state.nextOffset);
      }
      // the database answered: a pause for an outage (whose last commit did land, hence the
      // "fencing") is over
      if (paused) {
        log.info("metrics: database {} reachable again: resuming consumption", db.url());
        consumer.resume(consumer.assignment());
        paused = false;
        pausedGauge.set(0);
      }
      failures = 0;
      problem = null;
    } catch (SQLException e) {
      dbFailures.increment();
      failures++;
      long backoff = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failures - 1, 16));
      nextAttemptNanos = System.nanoTime() + backoff * 1_000_000L;
      problem = "database " + db.url() + " unavailable: " + Database.rootMessage(e);
      if (!paused) {
        paused = true;
        pausedGauge.set(1);
        pausedSinceNanos = System.nanoTime();
        consumer.pause(consumer.assignment());
        log.error("metrics: cannot write to the database {} ({}): consumption paused, the events "
            + "read so far are kept in memory and nothing is acknowledged; retrying in {} ms",
            db.url(), Database.rootMessage(e), backoff);
      } else {
        log.warn("metrics: database still unavailable (attempt {}: {}); next try in {} ms",
            failures, Database.rootMessage(e), backoff);
      }
    }
  }

  /** One transaction: the rows that changed, the rejected records, the offsets. */
  private void flush() throws SQLException {
    List<PartitionState> pending = new ArrayList<>();
    states.values().forEach(s -> {
      if (s.pending()) {
        pending.add(s);
      }
    });
    if (pending.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    long computeNanos = 0;
    Map<PartitionState, Store.Writes> writes = new LinkedHashMap<>();
    Map<List<Object>, Long> lastAt = new HashMap<>();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        for (PartitionState state : pending) {
          Store.Writes w = new Store.Writes();
          for (FeedModel feed : state.feeds.values()) {
            boolean dirty = feed.sessions.values().stream().anyMatch(s -> s.dirty);
            if (!dirty) {
              continue;
            }
            feed.settings = Store.settings(c, feed.eventCode, defaults);
            for (SessionModel s : feed.sessions.values()) {
              if (s.dirty) {
                List<Object> key = List.of(feed.eventCode, s.session);
                Map<String, String> overrides = Store.overrides(c, feed.eventCode, s.session);
                long t0 = System.nanoTime();
                state.cache.diff(s.rows(feed.settings, overrides, false), key, w);
                computeNanos += System.nanoTime() - t0;
                lastAt.put(key, s.lastAt);
              }
            }
          }
          w.rejected.addAll(state.rejected);
          w.offsets.put(state.partition, new long[] {state.nextOffset, state.storedOffset});
          w.execute(c, options.topic());
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
    Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
    for (Map.Entry<PartitionState, Store.Writes> e : writes.entrySet()) {
      PartitionState state = e.getKey();
      Store.Writes w = e.getValue();
      state.cache.committed(w);
      state.rejected.clear();
      state.committedOffset = state.nextOffset;
      state.storedOffset = state.nextOffset;
      state.feeds.values().forEach(f -> f.sessions.values().forEach(SessionModel::clean));
      rows += w.rows();
      kafkaOffsets.put(new TopicPartition(options.topic(), state.partition),
          new OffsetAndMetadata(state.nextOffset));
      notify(w.changed, lastAt);
    }
    transactions.increment();
    transactionTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    log.debug("metrics: transaction of {} rows committed in {} ms ({} ms computing)", rows,
        (System.nanoTime() - start) / 1_000_000, computeNanos / 1_000_000);
    try {
      consumer.commitAsync(kafkaOffsets, null); // informational: the database is the truth
    } catch (RuntimeException ignored) {
      // a rebalance in progress: the database has the offsets
    }
  }

  private void notify(Map<List<Object>, Set<String>> changed, Map<List<Object>, Long> lastAt) {
    changed.forEach((key, tables) -> {
      ObjectNode n = JSON.createObjectNode();
      n.put("event_code", (String) key.get(0));
      n.put("session", (Integer) key.get(1));
      tables.forEach(n.putArray("tables")::add);
      Long at = lastAt.get(key);
      if (at == null) {
        n.putNull("at");
      } else {
        n.put("at", at);
      }
      try {
        producer.send(new ProducerRecord<>(options.updatesTopic(), (String) key.get(0),
            JSON.writeValueAsBytes(n)), (meta, error) -> {
              if (error != null) {
                log.warn("metrics: cannot publish to {}: {}", options.updatesTopic(), error.toString());
              }
            });
      } catch (Exception e) {
        log.warn("metrics: cannot publish to {}: {}", options.updatesTopic(), e.toString());
      }
    });
  }

  // ---- partitions ----------------------------------------------------------------------------

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (pending()) {
        try {
          flush();
        } catch (SQLException e) {
          log.warn("metrics: partitions revoked while the database is unavailable: the events "
              + "not committed will be read again by the next owner");
        }
      }
      partitions.forEach(tp -> states.remove(tp.partition()));
      assigned = states.size();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> states.remove(tp.partition()));
      assigned = states.size();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<Integer, Long> stored = storedOffsets();
      if (stored == null) {
        return; // stopping
      }
      for (TopicPartition tp : partitions) {
        PartitionState state = restore(tp, stored.getOrDefault(tp.partition(), -1L));
        if (state == null) {
          return; // stopping
        }
        states.put(tp.partition(), state);
        consumer.seek(tp, state.nextOffset);
        log.info("metrics: partition {} assigned: resuming at offset {} ({} feed(s) rebuilt)", tp,
            state.nextOffset, state.feeds.size());
      }
      if (paused) {
        consumer.pause(partitions);
      }
      assigned = states.size();
    }
  }

  /** The offsets in the database, retried with a backoff while it is unavailable. */
  private Map<Integer, Long> storedOffsets() {
    for (int attempt = 1; !stopping; attempt++) {
      try (Connection c = db.connection()) {
        return Store.offsets(c, options.topic());
      } catch (SQLException e) {
        waitBeforeRetry("reading the stored offsets", attempt, e);
      }
    }
    return null;
  }

  private void waitBeforeRetry(String what, int attempt, SQLException e) {
    long backoff = Math.min(MAX_BACKOFF_MS, 500L << Math.min(attempt - 1, 16));
    problem = "database " + db.url() + " unavailable: " + Database.rootMessage(e);
    log.error("metrics: database {} unavailable while {} (attempt {}: {}); retrying in {} ms",
        db.url(), what, attempt, Database.rootMessage(e), backoff);
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /**
   * The state of a partition at the offset the database holds ({@code stored}, -1 for none):
   * its records before it replayed into a fresh model (the database already holds their
   * effects), the row cache seeded with that model's rows.
   */
  private PartitionState restore(TopicPartition tp, long stored) {
    PartitionState state = new PartitionState(tp.partition());
    state.storedOffset = stored;
    long offset = Math.max(0, stored);
    long target = offset;
    if (offset > 0) {
      long started = System.nanoTime();
      Properties p = KafkaClients.consumer(options.kafkaServers(), options.group(),
          options.clientId() + "-restore");
      p.remove(ConsumerConfig.GROUP_ID_CONFIG);
      long replayed = 0;
      try (KafkaConsumer<String, byte[]> restore = new KafkaConsumer<>(p)) {
        restore.assign(List.of(tp));
        long begin = restore.beginningOffsets(List.of(tp)).get(tp);
        long end = restore.endOffsets(List.of(tp)).get(tp);
        if (begin > 0) {
          log.warn("metrics: {} starts at offset {}: records before it were deleted (retention), "
              + "the figures of sessions that began before are rebuilt from what is left", tp, begin);
        }
        if (offset > end) {
          log.error("metrics: the database says {} was applied up to offset {} but the topic ends "
              + "at {} (topic re-created?): going on from {}; reset the database to re-apply "
              + "everything", tp, offset, end, end);
          target = end;
        }
        restore.seek(tp, begin);
        while (!stopping && restore.position(tp) < target) {
          for (ConsumerRecord<String, byte[]> r : restore.poll(Duration.ofMillis(500))) {
            if (r.offset() < target) {
              apply(state, r, false);
              replayed++;
            }
          }
        }
      }
      if (stopping) {
        return null;
      }
      for (int attempt = 1; ; attempt++) {
        try (Connection c = db.connection()) {
          for (FeedModel feed : state.feeds.values()) {
            feed.settings = Store.settings(c, feed.eventCode, defaults);
            for (SessionModel s : feed.sessions.values()) {
              state.cache.seed(s.rows(feed.settings, Store.overrides(c, feed.eventCode, s.session),
                  true), List.of(feed.eventCode, s.session));
              s.clean();
            }
          }
          break;
        } catch (SQLException e) {
          if (stopping) {
            return null;
          }
          waitBeforeRetry("rebuilding " + tp, attempt, e);
        }
      }
      log.info("metrics: {} rebuilt from {} records in {} ms", tp, replayed,
          (System.nanoTime() - started) / 1_000_000);
    }
    state.nextOffset = target;
    state.committedOffset = target;
    return state;
  }
}
