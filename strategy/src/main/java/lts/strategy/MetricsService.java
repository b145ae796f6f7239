package lts.strategy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lts.contracts.RaceEventCodec;
import lts.contracts.RaceRules;
import lts.contracts.Topics;
import lts.kafka.KafkaClients;
import lts.kafka.RunnerState;
import lts.store.Database;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lts metrics}: consumes {@code race-events}, folds the events into a model per session
 * ({@link SessionModel}, per partition {@link PartitionState}) and keeps the database in step,
 * exactly once in effect:
 *
 * <ul>
 *   <li>a batch of records (one poll) is one database transaction: the changed rows (upserts on
 *       natural keys, batched per table) and the next offset of every partition
 *       ({@code metrics_offsets}) are committed together ({@link BatchTransaction});
 *   <li>on partition assignment the runner reads those offsets, rebuilds the partition's model
 *       by replaying the partition from its beginning up to them (nothing written), and
 *       {@code seek}s there ({@link PartitionRestore}); Kafka's committed offsets are written too,
 *       for lag monitoring only;
 *   <li>when the database is unreachable the partitions are paused, the transaction is retried
 *       with a backoff (0.5 s doubling to 30 s), the events already read stay in memory, and
 *       consumption resumes once it commits;
 *   <li>an event that cannot be applied goes to {@code rejected_events}, counted, and the
 *       stream goes on;
 *   <li>after each commit a small "changed" notification goes to {@code race-updates} per event
 *       code and session ({@link RaceUpdatesNotifier}).
 * </ul>
 */
public final class MetricsService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsService.class);
  private static final String EVENTS_HELP = "race events read, by result: applied, rejected "
      + "(table rejected_events), duplicate (same id as one already applied: skipped)";

  /**
   * What the runner needs.
   *
   * @param kafkaServers bootstrap servers
   * @param group consumer group (offsets live in the database; the group only shares the work)
   * @param clientId Kafka client id
   * @param avgLaps default N of new races' rules
   */
  public record Options(String kafkaServers, String group, String clientId, int avgLaps,
      String topic, String updatesTopic) {

    public Options {
      if (avgLaps < 1) {
        throw new IllegalArgumentException("--avg_laps must be at least 1, not " + avgLaps);
      }
      String problem = RaceRules.Field.AVG_LAPS.problem((long) avgLaps);
      if (problem != null) {
        throw new IllegalArgumentException("--avg_laps: " + problem);
      }
    }

    /** The pipeline's topics. */
    public Options(String kafkaServers, String group, String clientId, int avgLaps) {
      this(kafkaServers, group, clientId, avgLaps, Topics.RACE_EVENTS, Topics.RACE_UPDATES);
    }
  }

  private final Options options;
  private final Database db;
  private final RaceEventCodec codec = new RaceEventCodec();
  private final Map<Integer, PartitionState> states = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final RunnerHealth health;
  private final BatchTransaction transaction;
  private final PartitionRestore restore;
  private final RaceUpdatesNotifier notifier;
  private volatile int assigned;
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
    StoredRules rules = new StoredRules(RaceRules.defaults(options.avgLaps()));
    this.health = new RunnerHealth(db);
    this.transaction = new BatchTransaction(db, options.topic(), rules);
    this.restore = new PartitionRestore(options, db, rules, codec, health);
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(options.kafkaServers(),
        options.group(), options.clientId()));
    this.producer = new KafkaProducer<>(KafkaClients.producer(options.kafkaServers(),
        options.clientId() + "-updates"));
    this.notifier = new RaceUpdatesNotifier(producer, options.updatesTopic());
  }

  /** Consumes until {@link #stop()}; returns after a last transaction of what was read. */
  public void run() {
    RunnerState life = health.state();
    life.starting();
    consumer.subscribe(List.of(options.topic()), new Rebalance());
    life.running();
    log.info("metrics: consuming {} (group {}) into {}", options.topic(), options.group(), db.url());
    try {
      while (!health.stopping()) {
        life.beat();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(paused ? 100 : 200));
        for (ConsumerRecord<String, byte[]> record : records) {
          PartitionState state = states.get(record.partition());
          if (state == null || record.offset() < state.nextOffset) {
            continue;
          }
          count(state.apply(record, true));
          state.nextOffset = record.offset() + 1;
        }
        if (System.nanoTime() - nextAttemptNanos >= 0 && pending()) {
          tryFlush();
        }
      }
    } catch (WakeupException e) {
      if (!health.stopping()) {
        throw e;
      }
    } catch (KafkaException e) {
      // a partition that cannot be rebuilt fails in the rebalance callback, wrapped by poll()
      if (e.getCause() instanceof IllegalStateException cannotRebuild) {
        throw failed(cannotRebuild);
      }
      throw e;
    } catch (IllegalStateException e) {
      throw failed(e);
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
      life.stopped();
      log.info("metrics: stopped");
    }
  }

  /** The runner stops for good because of {@code e}: its health says why. */
  private IllegalStateException failed(IllegalStateException e) {
    health.failed(e.getMessage());
    log.error("metrics: {}", e.getMessage());
    return e;
  }

  /** Asks {@link #run()} to return (any thread). */
  public void stop() {
    health.stop();
    consumer.wakeup();
  }

  /** How many partitions this runner holds, rebuilt and ready (for tests and logs). */
  int assignedPartitions() {
    return assigned;
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    return health.problem();
  }

  @Override
  public void close() {
    stop();
  }

  private void count(PartitionState.Outcome outcome) {
    switch (outcome) {
      case APPLIED -> applied.increment();
      case DUPLICATE -> duplicates.increment();
      case REJECTED -> rejectedCount.increment();
    }
  }

  private List<PartitionState> pendingStates() {
    List<PartitionState> pending = new ArrayList<>();
    states.values().forEach(s -> {
      if (s.pending()) {
        pending.add(s);
      }
    });
    return pending;
  }

  private boolean pending() {
    return !pendingStates().isEmpty();
  }

  private void tryFlush() {
    try {
      flush();
      if (paused) {
        long seconds = (System.nanoTime() - pausedSinceNanos) / 1_000_000_000L;
        log.info("metrics: database {} reachable again after {} s and {} failed attempt(s): "
            + "resuming consumption", db.url(), seconds, failures);
        resume();
      }
      failures = 0;
      health.healthy();
    } catch (Writes.FencedException e) {
      fenced.increment();
      log.error("metrics: {}: rolled back; rebuilding those partitions from the database", e.getMessage());
      for (int p : e.partitions) {
        TopicPartition tp = new TopicPartition(options.topic(), p);
        states.remove(p);
        Map<Integer, Long> stored = restore.storedOffsets();
        if (stored == null) {
          return;
        }
        PartitionState state = restore.restore(tp, stored.getOrDefault(p, -1L));
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
        resume();
      }
      failures = 0;
      health.healthy();
    } catch (SQLException e) {
      dbFailures.increment();
      failures++;
      long backoff = RunnerHealth.backoffMs(failures);
      nextAttemptNanos = System.nanoTime() + backoff * 1_000_000L;
      health.databaseUnavailable(e);
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

  private void resume() {
    consumer.resume(consumer.assignment());
    paused = false;
    pausedGauge.set(0);
  }

  /** One transaction of what was read, then its notifications and Kafka's offsets. */
  private void flush() throws SQLException {
    List<PartitionState> pending = pendingStates();
    if (pending.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    BatchTransaction.Committed committed = transaction.commit(pending);
    Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
    for (PartitionState state : committed.partitions()) {
      kafkaOffsets.put(new TopicPartition(options.topic(), state.partition),
          new OffsetAndMetadata(state.nextOffset));
    }
    notifier.publish(committed.updates());
    transactions.increment();
    transactionTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    log.debug("metrics: transaction of {} rows committed in {} ms ({} ms computing)",
        committed.rows(), (System.nanoTime() - start) / 1_000_000,
        committed.computeNanos() / 1_000_000);
    try {
      consumer.commitAsync(kafkaOffsets, null); // informational: the database is the truth
    } catch (RuntimeException ignored) {
      // a rebalance in progress: the database has the offsets
    }
  }

  /** Partitions come and go: the state of each is rebuilt from the database when it comes. */
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
      Map<Integer, Long> stored = restore.storedOffsets();
      if (stored == null) {
        return; // stopping
      }
      for (TopicPartition tp : partitions) {
        PartitionState state = restore.restore(tp, stored.getOrDefault(tp.partition(), -1L));
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
}
