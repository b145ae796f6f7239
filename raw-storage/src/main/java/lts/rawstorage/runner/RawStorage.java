package lts.rawstorage.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import lts.contracts.Topics;
import lts.kafka.KafkaClients;
import lts.kafka.RunnerState;
import lts.rawstorage.runner.RecordLines.Line;
import lts.recordings.KafkaPosition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code raw-storage} runner: consumes the envelopes of {@code raw-messages} and appends each
 * to {@code <output_path>/<event_code>/<YYYY-MM-DD of created_at, UTC>.jsonl}, the project's
 * recording format, which {@code lts parse} and {@code lts replay} read. See the package
 * documentation for the line format and how nothing is lost or written twice.
 *
 * <pre>{@code
 * RawStorage storage = new RawStorage(RawStorage.Settings.of(servers, "raw-messages",
 *     "raw-storage", Path.of("artifacts/logs")), registry);
 * // thread A                       // thread B (SIGTERM hook)
 * storage.run();                    storage.stop();
 * }</pre>
 *
 * <p>Each record becomes a line ({@link RecordLines}) in its file ({@link RecordingFiles}); a batch
 * is written, synced, then committed ({@link OffsetCommits}); on assignment the tails of the files
 * say what is on disk already ({@link TailResume}). Its life is a {@link RunnerState}.
 *
 * <p>Counters in the registry: {@code records_in} (records polled), {@code records_written}
 * (valid envelopes written and synced), {@code records_skipped_duplicate} (already on disk),
 * {@code records_invalid} (written to {@code _invalid}), {@code fsyncs}. {@link #health()} says
 * what is wrong, or null.
 */
public final class RawStorage {

  private static final Logger log = LoggerFactory.getLogger(RawStorage.class);

  /** Directory of the records that are not valid envelopes. */
  public static final String INVALID_DIRECTORY = RecordLines.INVALID_DIRECTORY;
  /** Event code of the envelopes written to {@link #INVALID_DIRECTORY}. */
  public static final String INVALID_EVENT_CODE = RecordLines.INVALID_EVENT_CODE;
  /** {@code source} of the envelopes written to {@link #INVALID_DIRECTORY}. */
  public static final String SOURCE = RecordLines.SOURCE;
  /** Extension of the recording files. */
  public static final String EXTENSION = RecordingFiles.EXTENSION;

  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Duration UNASSIGNED_PROBLEM_AFTER = Duration.ofSeconds(60);
  private static final Duration STUCK_PROBLEM_AFTER = Duration.ofSeconds(120);

  /**
   * What to consume and where to write.
   *
   * @param kafkaServers {@code bootstrap.servers}
   * @param topic the topic of envelopes
   * @param group the consumer group (its committed offsets say where to resume)
   * @param outputPath the root of the recordings
   * @param maxRecordBytes a record longer than this is not an envelope: it goes to
   *     {@code _invalid} with its first {@value RecordLines#OVERSIZED_KEPT_BYTES} bytes
   * @param pollTimeout how long a poll waits for records
   * @param consumerProperties extra Kafka consumer settings over {@link KafkaClients#consumer}
   */
  public record Settings(String kafkaServers, String topic, String group, Path outputPath,
      int maxRecordBytes, Duration pollTimeout, Map<String, String> consumerProperties) {

    /** 4 MiB: larger than any Apex frame, and its line stays well below the readers' 16 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

    /** Checks the settings. */
    public Settings {
      requireText(kafkaServers, "kafkaServers");
      requireText(topic, "topic");
      requireText(group, "group");
      Objects.requireNonNull(outputPath, "outputPath");
      Objects.requireNonNull(pollTimeout, "pollTimeout");
      if (maxRecordBytes < 1) {
        throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
      }
      consumerProperties = Map.copyOf(consumerProperties);
    }

    /** Defaults: records up to 4 MiB, polls of 500 ms, no extra consumer settings. */
    public static Settings of(String kafkaServers, String topic, String group, Path outputPath) {
      return new Settings(kafkaServers, topic, group, outputPath, DEFAULT_MAX_RECORD_BYTES,
          Duration.ofMillis(500), Map.of());
    }

    /** The defaults of the original runner: topic {@code raw-messages}, group {@code raw-storage}. */
    public static Settings defaults(String kafkaServers, Path outputPath) {
      return of(kafkaServers, Topics.RAW_MESSAGES, "raw-storage", outputPath);
    }

    /** These settings with another cap on the size of a record. */
    public Settings withMaxRecordBytes(int bytes) {
      return new Settings(kafkaServers, topic, group, outputPath, bytes, pollTimeout,
          consumerProperties);
    }

    /** These settings with one more Kafka consumer setting (e.g. {@code max.poll.records}). */
    public Settings withConsumerProperty(String name, String value) {
      Map<String, String> more = new HashMap<>(consumerProperties);
      more.put(name, value);
      return new Settings(kafkaServers, topic, group, outputPath, maxRecordBytes, pollTimeout,
          more);
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
    }
  }

  /** Test seam: called where a crash hurts most; a test throws from it to "crash" the runner. */
  interface Hook {
    Hook NONE = new Hook() {
    };

    /** After a record's line was handed to its writer (not yet flushed or synced). */
    default void afterWrite(ConsumerRecord<String, byte[]> record) {
    }

    /** After every file of the batch was synced, before its offsets are committed. */
    default void afterFsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    /** After the batch's offsets were committed. */
    default void afterCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }
  }

  private final Settings settings;
  private final Hook hook;
  private final RecordingFiles files;
  private final RecordLines lines;
  private final Counter recordsIn;
  private final Counter recordsWritten;
  private final Counter recordsSkipped;
  private final Counter recordsInvalid;
  /**
   * Its life: NEW, STARTING, RUNNING, STOPPED or FAILED with the reason. While running, the health
   * is raw-storage's own (no partition assigned, writing stuck), not the state's stall sentence.
   */
  private final RunnerState state = new RunnerState("raw-storage", STUCK_PROBLEM_AFTER);

  private volatile Consumer<String, byte[]> consumer;
  /** Set before the state is RUNNING: the partitions assigned, for the health. */
  private volatile TailResume resume;
  private volatile long lastPollNanos;

  /** A runner that counts into {@code registry}. */
  public RawStorage(Settings settings, MeterRegistry registry) {
    this(settings, registry, Hook.NONE);
  }

  RawStorage(Settings settings, MeterRegistry registry, Hook hook) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.hook = Objects.requireNonNull(hook, "hook");
    this.recordsIn = Counter.builder("records_in")
        .description("records polled from the topic").register(registry);
    this.recordsWritten = Counter.builder("records_written")
        .description("valid envelopes appended to a recording and synced").register(registry);
    this.recordsSkipped = Counter.builder("records_skipped_duplicate")
        .description("records skipped because they were already on disk (redelivered after a"
            + " crash)").register(registry);
    this.recordsInvalid = Counter.builder("records_invalid")
        .description("records that are not valid envelopes, written to _invalid")
        .register(registry);
    Counter fsyncs = Counter.builder("fsyncs").description("files forced to disk")
        .register(registry);
    this.files = new RecordingFiles(settings.outputPath(), fsyncs);
    this.lines = new RecordLines(settings.maxRecordBytes(), recordsInvalid);
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * Creates the output directory when missing and checks that a file can be written and synced in
   * it.
   *
   * @return the directory, absolute
   * @throws RawStorageException naming the directory and what to do
   */
  public static Path prepareOutput(Path outputPath) throws RawStorageException {
    return RecordingFiles.prepare(outputPath);
  }

  /**
   * Consumes and writes until {@link #stop()} is called (returns normally) or something fails
   * (throws; the offsets of records not written and synced are never committed). May be called
   * once.
   *
   * @throws RawStorageException when the output cannot be written, or Kafka fails for good
   */
  public void run() throws RawStorageException {
    try {
      state.starting();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("a RawStorage runs once; create another one", e);
    }
    try {
      prepareOutput(files.output());
    } catch (RawStorageException e) {
      state.failed(e.getMessage());
      throw e;
    }
    Properties props = KafkaClients.consumer(settings.kafkaServers(), settings.group(),
        "raw-storage-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    props.putAll(settings.consumerProperties());
    lastPollNanos = System.nanoTime();
    log.info("raw-storage: consuming {} (group {}) from {} into {}", settings.topic(),
        settings.group(), settings.kafkaServers(), files.output());
    boolean clean = false;
    try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(props)) {
      consumer = kafka;
      if (state.stopping()) {
        clean = true;
        return;
      }
      OffsetCommits commits = new OffsetCommits(kafka);
      resume = new TailResume(kafka, settings.topic(), files, commits);
      state.running();
      kafka.subscribe(List.of(settings.topic()), resume);
      while (!state.stopping()) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = kafka.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          if (state.stopping()) {
            break;
          }
          throw e;
        }
        lastPollNanos = System.nanoTime();
        if (!records.isEmpty()) {
          writeBatch(commits, records);
        }
      }
      clean = true;
    } catch (RawStorageException e) {
      state.failed(e.getMessage());
      throw e;
    } catch (KafkaException e) {
      RawStorageException wrapped = fromKafka(e);
      state.failed(wrapped.getMessage());
      throw wrapped;
    } catch (RuntimeException | Error e) {
      state.failed(e.getMessage());
      throw e;
    } finally {
      consumer = null;
      files.close(clean);
      state.stopped();
    }
    log.info("raw-storage: stopped");
  }

  /** Asks {@link #run()} to return after the batch in hand (thread-safe, idempotent). */
  public void stop() {
    state.requestStop();
    Consumer<String, byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    if (state.phase() != RunnerState.Phase.RUNNING) {
      return state.health();
    }
    TailResume tails = resume;
    long now = System.nanoTime();
    if (tails.assignedPartitions() == 0
        && now - tails.lastUnassignedSinceNanos() > UNASSIGNED_PROBLEM_AFTER.toNanos()) {
      return "no partition of topic " + settings.topic() + " assigned for "
          + Duration.ofNanos(now - tails.lastUnassignedSinceNanos()).toSeconds() + " s: check"
          + " that Kafka at " + settings.kafkaServers() + " is reachable and that the topic exists";
    }
    if (now - lastPollNanos > STUCK_PROBLEM_AFTER.toNanos()) {
      return "no poll for " + Duration.ofNanos(now - lastPollNanos).toSeconds() + " s: writing to "
          + files.output() + " is stuck (slow or dead disk?)";
    }
    return null;
  }

  /** Writes the batch, flushes and syncs every file it touched, then commits its offsets. */
  private void writeBatch(OffsetCommits commits, ConsumerRecords<String, byte[]> records)
      throws RawStorageException {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    RecordingFiles.Batch batch = files.batch();
    long written = 0;
    long invalid = 0;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      for (ConsumerRecord<String, byte[]> record : list) {
        recordsIn.increment();
        Line line = lines.lineOf(record);
        Path file = files.file(line.directory(), line.envelope().createdAt());
        if (files.holds(file, record.partition(), record.offset())) {
          recordsSkipped.increment();
          continue;
        }
        batch.append(file, line.envelope(),
            new KafkaPosition(record.topic(), record.partition(), record.offset()));
        if (line instanceof Line.Invalid) {
          invalid++;
        } else {
          written++;
        }
        hook.afterWrite(record);
      }
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    batch.sync();
    recordsWritten.increment(written);
    recordsInvalid.increment(invalid);
    hook.afterFsync(offsets);
    commits.synced(offsets);
    commits.commit();
    hook.afterCommit(offsets);
    files.closeLeastRecentlyUsed();
  }

  private RawStorageException fromKafka(KafkaException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RawStorageException storage) {
        return storage;
      }
      if (cause instanceof UncheckedIOException unreadable) {
        return new RawStorageException("cannot read the recordings under " + files.output()
            + " to find where to resume ("
            + RawStorageException.describe(unreadable.getCause())
            + "): check that the files are readable and writable by this user", e);
      }
    }
    return new RawStorageException("Kafka consumer of " + settings.topic() + " at "
        + settings.kafkaServers() + " failed: " + e, e);
  }
}
