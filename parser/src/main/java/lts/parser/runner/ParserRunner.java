package lts.parser.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lts.core.event.RaceEvent;
import lts.kafka.KafkaClients;
import lts.contracts.RaceEventCodec;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.apache.kafka.common.errors.TransactionAbortedException;
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
 * <p>{@link #run} blocks until {@link #stop} (from another thread); {@link #health} tells a
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

  /** The poll loop may not be seen for this long before {@link #health} reports it stalled. */
  static final long STALL_MS = 60_000;
  /** A rebuild making no progress for this long fails (input unreadable). */
  static final long REBUILD_STALL_MS = 60_000;
  /**
   * After a poll returned records, polls of this long top the batch up with what is already on
   * its way (see {@code gather}); the first empty one ends the batch.
   */
  static final Duration GATHER_POLL = Duration.ofMillis(2);
  /** Gathering stops after this long, or at {@link #GATHER_MAX_RECORDS}. */
  static final long GATHER_MAX_MS = 20;
  static final int GATHER_MAX_RECORDS = 2000;

  private enum Phase { NEW, STARTING, RUNNING, STOPPED, FAILED }

  /** Test hook: called after a transaction's records are sent, before its offsets and commit. */
  interface TransactionHook {
    TransactionHook NONE = (transaction, sent) -> { };

    void beforeCommit(long transaction, int sent);
  }

  private final ParserConfig config;
  private final MeterRegistry registry;
  private final RaceEventCodec eventCodec = new RaceEventCodec();
  private final EnvelopeCodec envelopeCodec = new EnvelopeCodec();

  private final Counter recordsIn;
  private final Counter eventsOut;
  private final Counter errorsOut;
  private final Counter committed;
  private final Counter aborted;
  private final Counter rebuildRecords;
  private final Timer rebuildTimer;
  private final Timer transactionTimer;
  private final Timer offsetsTimer;
  private final Timer commitTimer;
  private final Timer recordAge;
  private final AtomicLong lag = new AtomicLong();
  private final Map<String, Counter> framesByCode = new ConcurrentHashMap<>();

  /** Engines of each assigned partition (poll-loop thread only). */
  private final Map<TopicPartition, FrameProcessor> processors = new HashMap<>();
  /** Assigned partitions paused until their engines are rebuilt (poll-loop thread only). */
  private final Set<TopicPartition> toRebuild = new LinkedHashSet<>();
  private volatile int engineCount;

  private volatile boolean stopping;
  private volatile Phase phase = Phase.NEW;
  private volatile String problem;
  private volatile long lastLoopNanos = System.nanoTime();
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
    this.registry = registry;
    this.recordsIn = Counter.builder("lts.parser.records.in")
        .description("Input records consumed and committed (not counting rebuilds)").register(registry);
    this.eventsOut = Counter.builder("lts.parser.events.out")
        .description("Race events published (committed)").register(registry);
    this.errorsOut = Counter.builder("lts.parser.errors.out")
        .description("Error envelopes published (committed)").register(registry);
    this.committed = Counter.builder("lts.parser.transactions").tag("result", "committed")
        .description("Transactions").register(registry);
    this.aborted = Counter.builder("lts.parser.transactions").tag("result", "aborted")
        .description("Transactions").register(registry);
    this.rebuildRecords = Counter.builder("lts.parser.rebuild.records")
        .description("Input records re-read to rebuild the engines").register(registry);
    this.rebuildTimer = Timer.builder("lts.parser.rebuild")
        .description("Rebuilds of a partition's engines (re-read up to the committed offset)")
        .register(registry);
    this.transactionTimer = Timer.builder("lts.parser.transaction")
        .description("Committed transactions, from their batch being polled (top-up included) to "
            + "commitTransaction returning").register(registry);
    this.offsetsTimer = Timer.builder("lts.parser.transaction.offsets")
        .description("sendOffsetsToTransaction calls (committed transactions)").register(registry);
    this.commitTimer = Timer.builder("lts.parser.transaction.commit")
        .description("commitTransaction calls (committed transactions)").register(registry);
    this.recordAge = Timer.builder("lts.parser.record.age")
        .description("Input records, from their timestamp (the listener's send, on its clock) to "
            + "their batch being polled (top-up included)").register(registry);
    Gauge.builder("lts.parser.consumer.lag", lag, AtomicLong::get)
        .description("Records of the assigned input partitions not consumed yet").register(registry);
    Gauge.builder("lts.parser.engines", this, r -> r.engineCount)
        .description("Protocol engines (one per event code and partition)").register(registry);
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
    synchronized (this) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException("a ParserRunner runs once");
      }
      phase = Phase.STARTING;
    }
    log.info("parser: {} -> {} (errors to {}), group {}, transactional id {}", config.inputTopic(),
        config.outputTopic(), config.errorsTopic(), config.group(), config.transactionalId());
    Producer<String, byte[]> producer = null;
    Consumer<String, byte[]> kafkaConsumer = null;
    boolean crashed = false;
    try {
      producer = newProducer();
      if (stopping) {
        return;
      }
      kafkaConsumer = new KafkaConsumer<>(consumerProperties());
      consumer = kafkaConsumer;
      if (stopping) {
        return;
      }
      kafkaConsumer.subscribe(List.of(config.inputTopic()), new Rebalance(kafkaConsumer));
      phase = Phase.RUNNING;
      problem = null;
      while (!stopping) {
        lastLoopNanos = System.nanoTime();
        if (!toRebuild.isEmpty() && !rebuildPending(kafkaConsumer)) {
          continue;
        }
        ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(config.pollTimeout());
        if (!records.isEmpty()) {
          records = gather(kafkaConsumer, records);
        }
        long polledNanos = System.nanoTime();
        long polledMs = System.currentTimeMillis();
        updateLag(kafkaConsumer);
        if (!records.isEmpty()) {
          producer = transact(producer, kafkaConsumer, records, polledNanos, polledMs);
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
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
      if (phase != Phase.FAILED) {
        phase = Phase.STOPPED;
      }
    }
    log.info("parser: stopped");
  }

  /** Asks {@link #run} to return after the current transaction (any thread). */
  public void stop() {
    stopping = true;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    switch (phase) {
      case NEW:
        return "not started";
      case STARTING:
        return problem != null ? problem : "starting: connecting to Kafka";
      case STOPPED:
        return "stopped";
      case FAILED:
        return problem;
      default:
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastLoopNanos);
        if (idleMs > STALL_MS + config.pollTimeout().toMillis()) {
          return "poll loop stalled for " + idleMs / 1000 + " s"
              + (problem == null ? "" : ": " + problem);
        }
        return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One batch, one transaction

  private Producer<String, byte[]> transact(Producer<String, byte[]> producer,
      Consumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records,
      long polledNanos, long polledMs) {
    List<TopicPartition> ready = new ArrayList<>();
    for (TopicPartition tp : records.partitions()) {
      // not ours (anymore) or not rebuilt yet: skipped, its rebuild seeks back to the committed offset
      if (processors.containsKey(tp) && !toRebuild.contains(tp)) {
        ready.add(tp);
      }
    }
    if (ready.isEmpty()) {
      return producer;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    LiveOutput out = new LiveOutput(producer);
    Map<String, Integer> frames = new HashMap<>();
    int in = 0;
    long offsetsNanos;
    long commitNanos;
    try {
      producer.beginTransaction();
      for (TopicPartition tp : ready) {
        FrameProcessor processor = processors.get(tp);
        List<ConsumerRecord<String, byte[]>> list = records.records(tp);
        for (ConsumerRecord<String, byte[]> record : list) {
          String code = processor.process(record, out);
          if (code != null) {
            frames.merge(code, 1, Integer::sum);
          }
          in++;
        }
        offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        engineCount = countEngines();
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
      aborted.increment();
      closeQuietly(producer, Duration.ofSeconds(5));
      producer = newProducer();
      rewindAll(kafkaConsumer);
      return producer;
    } catch (KafkaException e) {
      log.warn("parser: transaction aborted ({}); rewinding to the committed offsets", e.toString());
      aborted.increment();
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        log.warn("parser: abort failed ({}); new producer", abortFailed.toString());
        closeQuietly(producer, Duration.ofSeconds(5));
        producer = newProducer();
      }
      rewindAll(kafkaConsumer);
      return producer;
    }
    committed.increment();
    transactionTimer.record(System.nanoTime() - polledNanos, TimeUnit.NANOSECONDS);
    offsetsTimer.record(offsetsNanos, TimeUnit.NANOSECONDS);
    commitTimer.record(commitNanos, TimeUnit.NANOSECONDS);
    for (TopicPartition tp : ready) {
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        recordAge.record(Math.max(0, polledMs - record.timestamp()), TimeUnit.MILLISECONDS);
      }
    }
    recordsIn.increment(in);
    eventsOut.increment(out.events);
    errorsOut.increment(out.errors);
    frames.forEach((code, n) -> framesByCode.computeIfAbsent(code, c ->
        Counter.builder("lts.parser.frames").tag("event_code", c)
            .description("Frames read by the event code's engine (not counting rebuilds)")
            .register(registry)).increment(n));
    if (log.isDebugEnabled()) {
      log.debug("parser: transaction {} committed: {} records, {} events, {} errors in {} ms from "
          + "the poll (offsets {} ms, commit {} ms)", transactions, in, out.events, out.errors,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - polledNanos),
          TimeUnit.NANOSECONDS.toMillis(offsetsNanos), TimeUnit.NANOSECONDS.toMillis(commitNanos));
    }
    return producer;
  }

  /**
   * Tops a batch up with the records that follow it closely, so that one transaction carries
   * them. A transaction has a fixed cost (sendOffsetsToTransaction and commitTransaction: round
   * trips to the coordinators, and the previous commit's markers must be written before the next
   * transaction can add its offsets), and the consumer's fetch returns as soon as any record is
   * there: without this, a burst of frames (many feeds updating in the same second) was split
   * into one transaction per one or two records, and its last frames queued behind all the
   * others' commits. Costs one empty {@link #GATHER_POLL} per batch. Runs before the
   * transaction begins, so a rebalance inside these polls finds none open; records of partitions
   * revoked or reassigned meanwhile are skipped by {@link #transact}.
   */
  private ConsumerRecords<String, byte[]> gather(Consumer<String, byte[]> kafkaConsumer,
      ConsumerRecords<String, byte[]> first) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> merged = null;
    Map<TopicPartition, OffsetAndMetadata> nextOffsets = null;
    int count = first.count();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MAX_MS);
    while (count < GATHER_MAX_RECORDS && System.nanoTime() < deadline && !stopping) {
      ConsumerRecords<String, byte[]> more = kafkaConsumer.poll(GATHER_POLL);
      if (more.isEmpty()) {
        break;
      }
      if (merged == null) {
        merged = new HashMap<>();
        for (TopicPartition tp : first.partitions()) {
          merged.put(tp, new ArrayList<>(first.records(tp)));
        }
        nextOffsets = new HashMap<>(first.nextOffsets());
      }
      for (TopicPartition tp : more.partitions()) {
        merged.computeIfAbsent(tp, p -> new ArrayList<>()).addAll(more.records(tp));
      }
      nextOffsets.putAll(more.nextOffsets());
      count += more.count();
    }
    return merged == null ? first : new ConsumerRecords<>(merged, nextOffsets);
  }

  /** Commits; a timeout (broker away) is retried, as the producer allows, until stopped. */
  private void commit(Producer<String, byte[]> producer) {
    int attempts = 0;
    while (true) {
      try {
        producer.commitTransaction();
        if (attempts > 0) {
          problem = null;
        }
        return;
      } catch (TimeoutException e) {
        attempts++;
        problem = "commit timed out " + attempts + " time(s): " + e.getMessage();
        log.warn("parser: {}; retrying", problem);
        if (stopping) {
          throw new WakeupException();
        }
      }
    }
  }

  /** After an abort: every assigned partition goes back to its committed offset and is rebuilt. */
  private void rewindAll(Consumer<String, byte[]> kafkaConsumer) {
    Set<TopicPartition> assigned = kafkaConsumer.assignment();
    toRebuild.addAll(assigned);
    kafkaConsumer.pause(assigned);
  }

  // ---------------------------------------------------------------------------------------------
  // Rebuild

  /** Rebuilds every partition waiting for it; false when Kafka failed (retried on the next turn). */
  private boolean rebuildPending(Consumer<String, byte[]> kafkaConsumer) {
    List<TopicPartition> parts = new ArrayList<>(toRebuild);
    try {
      Map<TopicPartition, OffsetAndMetadata> committedOffsets =
          kafkaConsumer.committed(new LinkedHashSet<>(parts), Duration.ofSeconds(30));
      try (Consumer<String, byte[]> reader = new KafkaConsumer<>(rebuildProperties())) {
        for (TopicPartition tp : parts) {
          OffsetAndMetadata c = committedOffsets.get(tp);
          long startNanos = System.nanoTime();
          FrameProcessor processor = new FrameProcessor(config.maxFrameChars());
          long n = c == null ? 0 : replay(reader, tp, c.offset(), processor);
          processors.put(tp, processor);
          if (c == null) {
            kafkaConsumer.seekToBeginning(List.of(tp));
          } else {
            kafkaConsumer.seek(tp, c.offset());
          }
          toRebuild.remove(tp);
          kafkaConsumer.resume(List.of(tp));
          long nanos = System.nanoTime() - startNanos;
          rebuildTimer.record(nanos, TimeUnit.NANOSECONDS);
          rebuildRecords.increment(n);
          engineCount = countEngines();
          log.info("parser: {} rebuilt: {} records re-read in {} ms, {} engine(s) {}; consuming from "
              + "offset {}", tp, n, TimeUnit.NANOSECONDS.toMillis(nanos), processor.engines().size(),
              processor.engines().keySet(), c == null ? "the beginning" : c.offset());
        }
      }
      problem = null;
      return true;
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      problem = "cannot rebuild " + parts + " yet: " + e;
      log.warn("parser: {}; retrying in 1 s", problem);
      pause(1000);
      return false;
    }
  }

  /** Feeds the records of {@code tp} before offset {@code target} into {@code processor}, discarding its output. */
  private long replay(Consumer<String, byte[]> reader, TopicPartition tp, long target,
      FrameProcessor processor) {
    reader.assign(List.of(tp));
    long begin = reader.beginningOffsets(List.of(tp)).get(tp);
    long end = reader.endOffsets(List.of(tp)).get(tp);
    if (target > end) {
      throw new IllegalStateException(tp + " ends at offset " + end + " but the group "
          + config.group() + " committed " + target + ": the topic was recreated; reset the "
          + "group's offsets and the output topics");
    }
    if (begin > 0) {
      log.warn("parser: {} starts at offset {}, not 0: records were deleted (retention), so the "
          + "rebuilt engines miss their history and ids will not continue those already "
          + "published; raw-messages needs retention.ms=-1", tp, begin);
    }
    if (target <= begin) {
      return 0;
    }
    reader.seek(tp, begin);
    long n = 0;
    long position = begin;
    long progressNanos = System.nanoTime();
    while (position < target) {
      if (stopping) {
        throw new WakeupException();
      }
      lastLoopNanos = System.nanoTime();
      ConsumerRecords<String, byte[]> records = reader.poll(Duration.ofMillis(200));
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        if (record.offset() >= target) {
          break;
        }
        processor.process(record, FrameProcessor.DISCARD);
        n++;
      }
      long now = reader.position(tp);
      if (now != position) {
        position = now;
        progressNanos = System.nanoTime();
      } else if (System.nanoTime() - progressNanos > TimeUnit.MILLISECONDS.toNanos(REBUILD_STALL_MS)) {
        throw new KafkaException("no progress re-reading " + tp + " at offset " + position
            + " (target " + target + ") for " + REBUILD_STALL_MS / 1000 + " s");
      }
    }
    return n;
  }

  /** Keeps the engines of assigned partitions; a newly assigned partition waits for its rebuild. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> kafkaConsumer;

    Rebalance(Consumer<String, byte[]> kafkaConsumer) {
      this.kafkaConsumer = kafkaConsumer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // poll() runs between transactions: nothing is open here, nothing to commit
      if (!partitions.isEmpty()) {
        log.info("parser: partitions revoked: {}", partitions);
      }
      for (TopicPartition tp : partitions) {
        processors.remove(tp);
        toRebuild.remove(tp);
      }
      engineCount = countEngines();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      log.info("parser: partitions assigned: {} (paused until rebuilt)", partitions);
      for (TopicPartition tp : partitions) {
        processors.remove(tp);
      }
      toRebuild.addAll(partitions);
      kafkaConsumer.pause(partitions);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  /** Sends inside the open transaction; failures surface at commit (and are logged here once). */
  private final class LiveOutput implements FrameProcessor.Output {
    private final Producer<String, byte[]> producer;
    private final Callback callback;
    int events;
    int errors;

    LiveOutput(Producer<String, byte[]> producer) {
      this.producer = producer;
      boolean[] logged = new boolean[1];
      this.callback = (metadata, e) -> {
        if (e != null && !(e instanceof TransactionAbortedException) && !logged[0]) {
          logged[0] = true;
          log.warn("parser: send failed ({}); the transaction will abort", e.toString());
        }
      };
    }

    int sent() {
      return events + errors;
    }

    @Override
    public void event(RaceEvent event) {
      producer.send(new ProducerRecord<>(config.outputTopic(), event.eventCode(),
          eventCodec.toJson(event).getBytes(StandardCharsets.UTF_8)), callback);
      events++;
    }

    @Override
    public void error(Envelope envelope, String description, String trace) {
      Envelope failed = envelope.withError(description, trace, "parser", System.currentTimeMillis());
      producer.send(new ProducerRecord<>(config.errorsTopic(), envelope.eventCode(),
          envelopeCodec.encode(failed)), callback);
      errors++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Clients

  private Producer<String, byte[]> newProducer() {
    Producer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.transactionalProducer(
        config.servers(), config.transactionalId() + "-producer", config.transactionalId()));
    int attempts = 0;
    while (true) {
      try {
        producer.initTransactions(); // aborts what a previous instance left open, fences it
        log.info("parser: transactional producer {} ready", config.transactionalId());
        problem = null;
        return producer;
      } catch (TimeoutException e) {
        attempts++;
        problem = "waiting for Kafka at " + config.servers() + " (" + attempts + " attempt(s)): "
            + e.getMessage();
        log.warn("parser: {}", problem);
        if (stopping) {
          closeQuietly(producer, Duration.ZERO);
          throw new WakeupException();
        }
      } catch (RuntimeException e) {
        closeQuietly(producer, Duration.ZERO);
        throw e;
      }
    }
  }

  private Properties consumerProperties() {
    Properties p = KafkaClients.consumer(config.servers(), config.group(),
        config.transactionalId() + "-consumer");
    // static membership: a restarted instance takes its partitions back at once (and fences the
    // old member) instead of waiting for the session timeout
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    // a rebuild runs between two polls: room for a long history
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
    p.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, "660000");
    return p;
  }

  private Properties rebuildProperties() {
    Properties p = KafkaClients.consumer(config.servers(), config.group(),
        config.transactionalId() + "-rebuild");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign() only, never commits
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    return p;
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
    lag.set(total);
  }

  private int countEngines() {
    int n = 0;
    for (FrameProcessor p : processors.values()) {
      n += p.engines().size();
    }
    return n;
  }

  private void fail(String reason, Throwable e) {
    problem = reason;
    phase = Phase.FAILED;
    log.error("parser: {}", reason, e);
  }

  private void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }
}
