package lts.parser.runner;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import lts.contracts.EnvelopeCodec;
import lts.contracts.RaceEventCodec;
import lts.kafka.RunnerState;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code parser} stage: envelopes of websocket frames ({@code raw-messages}) in, typed race
 * events as JSON ({@code race-events}, key = event code) out, exactly once. What the protocol
 * engine could not use, and records that are not envelopes, go to {@code raw-messages-errors}.
 *
 * <p><b>Exactly once.</b> Consume-transform-produce in Kafka transactions: each batch returned by
 * {@code poll}, topped up by the records that follow it closely ({@code gather}), is one
 * transaction holding its events, its error envelopes and the input offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata), so output and progress
 * commit together or not at all; downstream reads {@code read_committed}. The engines are state
 * (grid layout, rows, lap counters, half-laps waiting for their other half, and the frame counter
 * that numbers the ids), so they are rebuilt whenever the position of a partition is (re)set: on
 * assignment and after an aborted transaction, the partition is paused, re-read from its first
 * record up to the committed offset into fresh engines whose events are discarded, then consumed
 * from the committed offset. The engine is deterministic, so frame numbers and ids continue
 * exactly where the committed output stopped: a crashed and restarted parser publishes exactly
 * the sequence of an uninterrupted run. This requires that {@code raw-messages} keeps every record
 * forever ({@code retention.ms=-1}); the cost is a re-read of the partition's whole history at
 * each start. See parser/README.md.
 *
 * <p><b>Zombies.</b> The {@code transactional.id} (and the consumer's {@code group.instance.id})
 * is stable per instance: a restarted instance's {@code initTransactions} aborts what its
 * predecessor left open and fences it; a fenced instance stops ({@link #run} throws).
 *
 * <p><b>Pending laps.</b> The engine holds the first half of a lap until the second half comes
 * (at most 10 s of feed time, checked on the feed's next frame). The runner never calls
 * {@code ApexEngine.finish}: the feed has no end, and a flush at stop would publish lone halves
 * (and use up a frame number) that an uninterrupted run would have paired.
 *
 * <p>Collaborators: {@link PartitionEngines} (the engines per partition and their rebuild),
 * {@link BatchTopUp} (a batch and what follows it closely: one transaction),
 * {@link TransactionOutput} (what a transaction sends), {@link ParserClients} (client settings),
 * {@link ParserMeters}; the life and health of the runner is a {@link RunnerState}, as for every
 * runner. {@link #run} blocks until {@link #stop} (from another thread); {@link #health} tells a
 * probe what is wrong. Meters (Micrometer): {@code lts.parser.records.in},
 * {@code lts.parser.events.out}, {@code lts.parser.errors.out}, {@code lts.parser.frames}
 * (per {@code event_code}), {@code lts.parser.transactions} ({@code result}),
 * {@code lts.parser.transaction} (timer: batch polled → commit returned), its parts
 * {@code lts.parser.transaction.offsets} and {@code lts.parser.transaction.commit},
 * {@code lts.parser.record.age} (timer: input record timestamp → its batch polled),
 * {@code lts.parser.rebuild} (timer), {@code lts.parser.rebuild.records},
 * {@code lts.parser.consumer.lag}, {@code lts.parser.engines}.
 */
public final class ParserRunner {

  private static final Logger log = LoggerFactory.getLogger(ParserRunner.class);

  /** The poll loop may not be seen for this long (plus a poll) before {@link #health} reports it. */
  static final long STALL_MS = 60_000;

  /** Test hook: called after a transaction's records are sent, before its offsets and commit. */
  interface TransactionHook {
    TransactionHook NONE = (transaction, sent) -> { };

    void beforeCommit(long transaction, int sent);
  }

  private final ParserConfig config;
  private final RunnerState state;
  private final ParserMeters meters;
  private final PartitionEngines engines;
  private final RaceEventCodec eventCodec = new RaceEventCodec();
  private final EnvelopeCodec envelopeCodec = new EnvelopeCodec();
  private volatile Consumer<String, byte[]> consumer;
  private volatile TransactionHook hook = TransactionHook.NONE;
  private long transactions;

  /**
   * A runner (not started).
   *
   * @param registry where its meters go (the admin server's Prometheus registry)
   */
  public ParserRunner(ParserConfig config, MeterRegistry registry) {
    this.config = config;
    this.state = new RunnerState("parser",
        Duration.ofMillis(STALL_MS).plus(config.pollTimeout()));
    this.meters = new ParserMeters(registry);
    this.engines = new PartitionEngines(config, meters, state);
    meters.engines(engines);
  }

  public ParserConfig config() {
    return config;
  }

  /** Sets the test hook (package tests only). */
  void hook(TransactionHook hook) {
    this.hook = hook == null ? TransactionHook.NONE : hook;
  }

  /**
   * Runs until {@link #stop} (returns normally) or a failure (throws). Waits for Kafka when it is
   * away. Runs once.
   */
  public void run() {
    state.starting();
    log.info("parser: {} -> {} (errors to {}), group {}, transactional id {}", config.inputTopic(),
        config.outputTopic(), config.errorsTopic(), config.group(), config.transactionalId());
    Producer<String, byte[]> producer = null;
    Consumer<String, byte[]> kafkaConsumer = null;
    boolean crashed = false;
    try {
      producer = newProducer();
      if (state.stopping()) {
        return;
      }
      kafkaConsumer = new KafkaConsumer<>(ParserClients.consumer(config));
      consumer = kafkaConsumer;
      if (state.stopping()) {
        return;
      }
      engines.attach(kafkaConsumer);
      kafkaConsumer.subscribe(List.of(config.inputTopic()), engines);
      state.running();
      while (!state.stopping()) {
        state.beat();
        if (engines.pending() && !engines.rebuildPending()) {
          continue;
        }
        ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(config.pollTimeout());
        if (!records.isEmpty()) {
          records = BatchTopUp.gather(kafkaConsumer, records, state::stopping);
        }
        long polledNanos = System.nanoTime();
        long polledMs = System.currentTimeMillis();
        updateLag(kafkaConsumer);
        if (!records.isEmpty()) {
          producer = transact(producer, kafkaConsumer, records, polledNanos, polledMs);
        }
      }
    } catch (WakeupException e) {
      if (!state.stopping()) {
        fail("woken up without stop()", e);
        throw e;
      }
    } catch (Error e) {
      // a crash (out of memory, or a test's simulated death): leave like a killed process,
      // without committing, aborting or leaving the group
      crashed = true;
      fail("crashed: " + e, e);
      throw e;
    } catch (RuntimeException e) {
      fail(e instanceof IllegalStateException ? e.getMessage() : e.toString(), e);
      throw e;
    } finally {
      close(producer, kafkaConsumer, crashed);
      state.stopped();
    }
    log.info("parser: stopped");
  }

  /** Asks {@link #run} to return after the current transaction (any thread). */
  public void stop() {
    state.requestStop();
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    return state.health();
  }

  /** One batch, one transaction: its events, its errors and its input offsets, or none. */
  private Producer<String, byte[]> transact(Producer<String, byte[]> producer,
      Consumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records,
      long polledNanos, long polledMs) {
    Map<TopicPartition, FrameProcessor> ready = new LinkedHashMap<>();
    for (TopicPartition tp : records.partitions()) {
      // not ours (anymore) or not rebuilt yet: skipped, its rebuild seeks back to the committed offset
      FrameProcessor processor = engines.ready(tp);
      if (processor != null) {
        ready.put(tp, processor);
      }
    }
    if (ready.isEmpty()) {
      return producer;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    TransactionOutput out = new TransactionOutput(producer, config.outputTopic(),
        config.errorsTopic(), eventCodec, envelopeCodec);
    Map<String, Integer> frames = new HashMap<>();
    int in = 0;
    long offsetsNanos;
    long commitNanos;
    try {
      producer.beginTransaction();
      for (Map.Entry<TopicPartition, FrameProcessor> e : ready.entrySet()) {
        List<ConsumerRecord<String, byte[]>> list = records.records(e.getKey());
        for (ConsumerRecord<String, byte[]> record : list) {
          String code = e.getValue().process(record, out);
          if (code != null) {
            frames.merge(code, 1, Integer::sum);
          }
          in++;
        }
        offsets.put(e.getKey(), new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        engines.recount();
      }
      hook.beforeCommit(++transactions, out.sent());
      long t0 = System.nanoTime();
      producer.sendOffsetsToTransaction(offsets, kafkaConsumer.groupMetadata());
      long t1 = System.nanoTime();
      commit(producer);
      long t2 = System.nanoTime();
      offsetsNanos = t1 - t0;
      commitNanos = t2 - t1;
    } catch (ProducerFencedException | FencedInstanceIdException e) {
      throw new IllegalStateException("fenced: another parser instance with transactional id "
          + config.transactionalId() + " (or group instance id) took over: " + e.getMessage(), e);
    } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
      throw new IllegalStateException("Kafka refused the parser: " + e.getMessage(), e);
    } catch (WakeupException | InterruptException e) {
      throw e; // stop() or an interrupted thread: not a transaction failure
    } catch (ApplicationRecoverableException | OutOfOrderSequenceException e) {
      // the producer is unusable: a new one (same transactional id) aborts the transaction
      log.warn("parser: transaction failed ({}); new producer, rewinding to the committed offsets", e.toString());
      meters.aborted();
      closeQuietly(producer, Duration.ofSeconds(5));
      engines.rewindAll();
      return newProducer();
    } catch (KafkaException e) {
      log.warn("parser: transaction aborted ({}); rewinding to the committed offsets", e.toString());
      meters.aborted();
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        log.warn("parser: abort failed ({}); new producer", abortFailed.toString());
        closeQuietly(producer, Duration.ofSeconds(5));
        producer = newProducer();
      }
      engines.rewindAll();
      return producer;
    }
    long fromPoll = System.nanoTime() - polledNanos;
    meters.committed(new ParserMeters.Transaction(in, out.events(), out.errors(), frames, fromPoll,
        offsetsNanos, commitNanos));
    for (TopicPartition tp : ready.keySet()) {
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        meters.recordAge(polledMs - record.timestamp());
      }
    }
    if (log.isDebugEnabled()) {
      log.debug("parser: transaction {} committed: {} records, {} events, {} errors in {} ms from "
          + "the poll (offsets {} ms, commit {} ms)", transactions, in, out.events(), out.errors(),
          TimeUnit.NANOSECONDS.toMillis(fromPoll), TimeUnit.NANOSECONDS.toMillis(offsetsNanos),
          TimeUnit.NANOSECONDS.toMillis(commitNanos));
    }
    return producer;
  }

  /** Commits; a timeout (broker away) is retried, as the producer allows, until stopped. */
  private void commit(Producer<String, byte[]> producer) {
    int attempts = 0;
    while (true) {
      try {
        producer.commitTransaction();
        if (attempts > 0) {
          state.problem(null);
        }
        return;
      } catch (TimeoutException e) {
        attempts++;
        state.problem("commit timed out " + attempts + " time(s): " + e.getMessage());
        log.warn("parser: {}; retrying", state.problem());
        if (state.stopping()) {
          throw new WakeupException();
        }
      }
    }
  }

  private Producer<String, byte[]> newProducer() {
    Producer<String, byte[]> producer = new KafkaProducer<>(ParserClients.producer(config));
    int attempts = 0;
    while (true) {
      try {
        producer.initTransactions(); // aborts what a previous instance left open, fences it
        log.info("parser: transactional producer {} ready", config.transactionalId());
        state.problem(null);
        return producer;
      } catch (TimeoutException e) {
        attempts++;
        state.problem("waiting for Kafka at " + config.servers() + " (" + attempts
            + " attempt(s)): " + e.getMessage());
        log.warn("parser: {}", state.problem());
        if (state.stopping()) {
          closeQuietly(producer, Duration.ZERO);
          throw new WakeupException();
        }
      } catch (RuntimeException e) {
        closeQuietly(producer, Duration.ZERO);
        throw e;
      }
    }
  }

  private void close(Producer<String, byte[]> producer, Consumer<String, byte[]> kafkaConsumer,
      boolean crashed) {
    Duration timeout = crashed ? Duration.ZERO : Duration.ofSeconds(10);
    if (producer != null) {
      closeQuietly(producer, timeout);
    }
    if (kafkaConsumer != null) {
      try {
        kafkaConsumer.close(CloseOptions.timeout(timeout));
      } catch (RuntimeException e) {
        log.debug("parser: closing the consumer", e);
      }
    }
    consumer = null;
  }

  private static void closeQuietly(Producer<String, byte[]> producer, Duration timeout) {
    try {
      producer.close(timeout);
    } catch (RuntimeException e) {
      log.debug("parser: closing the producer", e);
    }
  }

  private void updateLag(Consumer<String, byte[]> kafkaConsumer) {
    long total = 0;
    for (TopicPartition tp : kafkaConsumer.assignment()) {
      OptionalLong l = kafkaConsumer.currentLag(tp);
      if (l.isPresent()) {
        total += l.getAsLong();
      }
    }
    meters.lag(total);
  }

  private void fail(String reason, Throwable e) {
    state.failed(reason);
    log.error("parser: {}", reason, e);
  }
}
