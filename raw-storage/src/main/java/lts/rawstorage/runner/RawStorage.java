package lts.rawstorage.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.recordings.KafkaPosition;
import lts.recordings.RecordingWriter;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
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
 * <p>Counters in the registry: {@code records_in} (records polled), {@code records_written}
 * (valid envelopes written and synced), {@code records_skipped_duplicate} (already on disk),
 * {@code records_invalid} (written to {@code _invalid}), {@code fsyncs}. {@link #health()} says
 * what is wrong, or null.
 */
public final class RawStorage {

  private static final Logger log = LoggerFactory.getLogger(RawStorage.class);

  /** Directory of the records that are not valid envelopes. */
  public static final String INVALID_DIRECTORY = "_invalid";
  /** Event code of the envelopes written to {@link #INVALID_DIRECTORY}. */
  public static final String INVALID_EVENT_CODE = "_invalid";
  /** {@code source} of the envelopes written to {@link #INVALID_DIRECTORY}. */
  public static final String SOURCE = "raw-storage";
  /** Extension of the recording files. */
  public static final String EXTENSION = ".jsonl";

  /** Recording files kept open between batches (each is synced after every batch anyway). */
  static final int MAX_OPEN_FILES = 32;
  /** Bytes of an oversized record kept in its {@code _invalid} envelope. */
  static final int OVERSIZED_KEPT_BYTES = 64 * 1024;
  /** Latest {@code created_at} accepted: 9999-12-31T23:59:59.999Z (a 4-digit year in the file name). */
  static final long MAX_CREATED_AT = 253_402_300_799_999L;
  private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
      new java.util.concurrent.atomic.AtomicInteger();
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
   *     {@code _invalid} with its first {@value #OVERSIZED_KEPT_BYTES} bytes
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
  private final Path output;
  private final Hook hook;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Counter recordsIn;
  private final Counter recordsWritten;
  private final Counter recordsSkipped;
  private final Counter recordsInvalid;
  private final Counter fsyncs;

  /** Open writers, least recently used first. */
  private final LinkedHashMap<Path, RecordingWriter> writers = new LinkedHashMap<>(16, 0.75f, true);
  /**
   * File → partition → highest offset of the topic in that file (written by us, or found in its
   * tail). Per file, because the lines of one file are a stream written in order, so a record is
   * on disk when its file holds an offset of its partition at or above its own; across files there
   * is no such order (each file has its own buffer).
   */
  private final Map<Path, FileOffsets> onDisk = new HashMap<>();
  /** Offsets of batches synced whose commit failed: committed with the next batch. */
  private final Map<TopicPartition, OffsetAndMetadata> pendingCommit = new HashMap<>();
  private final Set<String> warnedEventCodes = new HashSet<>();

  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Consumer<String, byte[]> consumer;
  private volatile boolean running;
  private volatile Throwable failure;
  private volatile long runningSinceNanos;
  private volatile long lastPollNanos;
  private volatile int assignedPartitions;
  private volatile long lastUnassignedSinceNanos;

  /** What a file holds: offsets per partition, and its size and time when its tail was read. */
  private static final class FileOffsets {
    final Map<Integer, Long> offsets = new HashMap<>();
    long scannedSize = -1;
    long scannedModifiedMillis = -1;

    long last(int partition) {
      return offsets.getOrDefault(partition, -1L);
    }

    void written(int partition, long offset) {
      offsets.merge(partition, offset, Math::max);
    }
  }

  /** A runner that counts into {@code registry}. */
  public RawStorage(Settings settings, MeterRegistry registry) {
    this(settings, registry, Hook.NONE);
  }

  RawStorage(Settings settings, MeterRegistry registry, Hook hook) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.output = settings.outputPath().toAbsolutePath().normalize();
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
    this.fsyncs = Counter.builder("fsyncs").description("files forced to disk").register(registry);
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
    Path dir = outputPath.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new RawStorageException("output path " + dir + " exists but is not a directory: give"
          + " --output_path a directory (it is created when missing)", e);
    } catch (IOException e) {
      throw new RawStorageException("cannot create the output directory " + dir + " ("
          + describe(e) + "): create it by hand, or give --output_path a directory this user can"
          + " write", e);
    }
    if (!Files.isDirectory(dir)) {
      throw new RawStorageException("output path " + dir + " is not a directory: give"
          + " --output_path a directory (it is created when missing)");
    }
    Path probe = dir.resolve(".raw-storage-write-test-" + ProcessHandle.current().pid());
    try {
      try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      throw new RawStorageException("cannot write in the output directory " + dir + " ("
          + describe(e) + "): check its permissions and free space, or give --output_path"
          + " another directory", e);
    }
    return dir;
  }

  /**
   * Consumes and writes until {@link #stop()} is called (returns normally) or something fails
   * (throws; the offsets of records not written and synced are never committed). May be called
   * once.
   *
   * @throws RawStorageException when the output cannot be written, or Kafka fails for good
   */
  public void run() throws RawStorageException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a RawStorage runs once; create another one");
    }
    try {
      prepareOutput(output);
    } catch (RawStorageException e) {
      failure = e;
      throw e;
    }
    Properties props = KafkaClients.consumer(settings.kafkaServers(), settings.group(),
        "raw-storage-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    props.putAll(settings.consumerProperties());
    runningSinceNanos = System.nanoTime();
    lastPollNanos = runningSinceNanos;
    lastUnassignedSinceNanos = runningSinceNanos;
    running = true;
    log.info("raw-storage: consuming {} (group {}) from {} into {}", settings.topic(),
        settings.group(), settings.kafkaServers(), output);
    boolean clean = false;
    try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(props)) {
      consumer = kafka;
      if (stopping) {
        clean = true;
        return;
      }
      kafka.subscribe(List.of(settings.topic()), new Rebalance(kafka));
      while (!stopping) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = kafka.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          if (stopping) {
            break;
          }
          throw e;
        }
        lastPollNanos = System.nanoTime();
        if (!records.isEmpty()) {
          writeBatch(kafka, records);
        }
      }
      clean = true;
    } catch (RawStorageException e) {
      failure = e;
      throw e;
    } catch (KafkaException e) {
      RawStorageException wrapped = fromKafka(e);
      failure = wrapped;
      throw wrapped;
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      running = false;
      consumer = null;
      closeWriters(clean);
    }
    log.info("raw-storage: stopped");
  }

  /** Asks {@link #run()} to return after the batch in hand (thread-safe, idempotent). */
  public void stop() {
    stopping = true;
    Consumer<String, byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    Throwable failed = failure;
    if (failed != null) {
      return "raw-storage failed: " + failed.getMessage();
    }
    if (!running) {
      return stopping ? "raw-storage is stopped" : "raw-storage is not running";
    }
    long now = System.nanoTime();
    if (assignedPartitions == 0
        && now - lastUnassignedSinceNanos > UNASSIGNED_PROBLEM_AFTER.toNanos()) {
      return "no partition of topic " + settings.topic() + " assigned for "
          + Duration.ofNanos(now - lastUnassignedSinceNanos).toSeconds() + " s: check that Kafka"
          + " at " + settings.kafkaServers() + " is reachable and that the topic exists";
    }
    if (now - lastPollNanos > STUCK_PROBLEM_AFTER.toNanos()) {
      return "no poll for " + Duration.ofNanos(now - lastPollNanos).toSeconds() + " s: writing to "
          + output + " is stuck (slow or dead disk?)";
    }
    return null;
  }

  // ---- one batch: write, flush + fsync, then commit ---------------------------------------------

  private void writeBatch(Consumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records)
      throws RawStorageException {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Set<RecordingWriter> touched = new LinkedHashSet<>();
    Set<Path> newEntries = new LinkedHashSet<>();
    Set<Path> checked = new HashSet<>();
    long written = 0;
    long invalid = 0;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      for (ConsumerRecord<String, byte[]> record : list) {
        recordsIn.increment();
        Line line = lineOf(record);
        FileOffsets inFile = onDisk.get(line.file);
        if (inFile != null && record.offset() <= inFile.last(record.partition())) {
          recordsSkipped.increment();
          continue;
        }
        RecordingWriter writer = writer(line.file, newEntries, checked);
        try {
          writer.write(line.envelope,
              new KafkaPosition(record.topic(), record.partition(), record.offset()));
        } catch (IOException e) {
          throw cannotWrite(line.file, e);
        }
        touched.add(writer);
        onDisk.computeIfAbsent(line.file, f -> new FileOffsets())
            .written(record.partition(), record.offset());
        if (line.invalid) {
          invalid++;
        } else {
          written++;
        }
        hook.afterWrite(record);
      }
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    for (RecordingWriter writer : touched) {
      try {
        writer.fsync();
      } catch (IOException e) {
        throw cannotWrite(writer.file(), e);
      }
      fsyncs.increment();
    }
    for (Path entry : newEntries) {
      syncDirectory(entry.getParent());
    }
    recordsWritten.increment(written);
    recordsInvalid.increment(invalid);
    hook.afterFsync(offsets);
    pendingCommit.putAll(offsets);
    commit(kafka);
    hook.afterCommit(offsets);
    closeLeastRecentlyUsed();
  }

  /** Commits the offsets of every batch synced so far; on failure keeps them for the next try. */
  private void commit(Consumer<String, byte[]> kafka) {
    if (pendingCommit.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pendingCommit);
    try {
      try {
        kafka.commitSync(offsets);
      } catch (WakeupException e) {
        kafka.commitSync(offsets); // stop() came during the commit: finish it, then stop
      }
      pendingCommit.keySet().removeAll(offsets.keySet());
    } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
      log.warn("raw-storage: offsets {} not committed ({}): retried with the next batch; the"
          + " records are on disk, so if they come again they are skipped", offsets,
          e.toString());
    }
  }

  private record Line(Path file, Envelope envelope, boolean invalid) {
  }

  /** The line for a record: its envelope in its event's file, or an error in {@code _invalid}. */
  private Line lineOf(ConsumerRecord<String, byte[]> record) {
    byte[] value = record.value();
    String reason;
    if (value == null) {
      reason = "null value (a tombstone or an empty record), not an envelope";
    } else if (value.length > settings.maxRecordBytes()) {
      reason = "oversized record: " + value.length + " bytes, more than the "
          + settings.maxRecordBytes() + " accepted; data holds "
          + (value.length > OVERSIZED_KEPT_BYTES
              ? "its first " + OVERSIZED_KEPT_BYTES + " bytes" : "all of it");
    } else {
      reason = null;
      Envelope envelope;
      try {
        envelope = codec.decode(value);
      } catch (RuntimeException e) {
        envelope = null;
        reason = "not an envelope: " + e.getMessage();
      }
      if (envelope != null) {
        String directory = EventDirectories.of(envelope.eventCode());
        if (directory == null) {
          reason = "event_code cannot name a directory (blank or longer than "
              + EventDirectories.MAX_LENGTH + " characters)";
        } else if (envelope.createdAt() < 0 || envelope.createdAt() > MAX_CREATED_AT) {
          reason = "created_at " + envelope.createdAt() + " is not a time between 1970 and 9999"
              + " (epoch milliseconds)";
        } else {
          if (!directory.equals(envelope.eventCode()) && warnedEventCodes.size() < 1000
              && warnedEventCodes.add(envelope.eventCode())) {
            log.warn("event code {} is stored under {}/ (directory names are [a-z0-9_-], not"
                + " starting with _; the lines keep the event code as sent)",
                quote(envelope.eventCode()), directory);
          }
          return new Line(file(directory, envelope.createdAt()), envelope, false);
        }
      }
    }
    long at = record.timestamp() >= 0 && record.timestamp() <= MAX_CREATED_AT
        ? record.timestamp() : 0;
    String data;
    if (value == null) {
      data = "";
    } else {
      byte[] kept = value.length > settings.maxRecordBytes() && value.length > OVERSIZED_KEPT_BYTES
          ? java.util.Arrays.copyOf(value, OVERSIZED_KEPT_BYTES) : value;
      String text = utf8(kept);
      if (text == null) {
        data = Base64.getEncoder().encodeToString(kept);
        reason += " (the value is not UTF-8 text: data holds it in base64)";
      } else {
        data = text;
      }
    }
    String trace = record.topic() + "/" + record.partition() + "@" + record.offset()
        + (record.key() == null ? "" : " key=" + record.key());
    if (recordsInvalid.count() < 100) {
      log.warn("invalid record {}: {} (kept in {}/)", trace, reason, INVALID_DIRECTORY);
    } else {
      log.debug("invalid record {}: {} (kept in {}/)", trace, reason, INVALID_DIRECTORY);
    }
    Envelope invalid = new Envelope(INVALID_EVENT_CODE, data, SOURCE, at, at, reason, trace);
    return new Line(file(INVALID_DIRECTORY, at), invalid, true);
  }

  private Path file(String directory, long epochMillis) {
    String date = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    Path file = output.resolve(directory).resolve(date + EXTENSION).normalize();
    if (!file.startsWith(output)) {
      throw new IllegalStateException("refusing to write outside " + output + ": " + file);
    }
    return file;
  }

  /** Valid UTF-8 decoded, or null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private RecordingWriter writer(Path file, Set<Path> newEntries, Set<Path> checked)
      throws RawStorageException {
    RecordingWriter writer = writers.get(file);
    if (writer != null) {
      if (!checked.add(file) || Files.exists(file)) {
        return writer;
      }
      // removed (or moved) by hand while open: what we would append would be lost with it
      log.warn("{} was removed while raw-storage had it open: starting it again", file);
      writers.remove(file);
      onDisk.remove(file);
      try {
        writer.abort();
      } catch (IOException e) {
        log.debug("cannot close {}: {}", file, e.toString());
      }
    }
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        newEntries.add(dir);
      }
      if (!Files.exists(file)) {
        newEntries.add(file);
      }
      writer = RecordingWriter.open(file);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
    writers.put(file, writer);
    return writer;
  }

  /** Makes the creation of a file or directory durable (its directory entry); best effort. */
  private void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  private void closeLeastRecentlyUsed() {
    Iterator<Map.Entry<Path, RecordingWriter>> it = writers.entrySet().iterator();
    while (writers.size() > MAX_OPEN_FILES && it.hasNext()) {
      Map.Entry<Path, RecordingWriter> eldest = it.next();
      it.remove();
      close(eldest.getValue());
    }
  }

  /**
   * Closes every file: after a clean stop, flushing (everything was synced already); after a
   * failure, dropping the lines not yet flushed, which were not committed and come again.
   */
  private void closeWriters(boolean flush) {
    for (RecordingWriter writer : writers.values()) {
      if (flush) {
        close(writer);
      } else {
        try {
          writer.abort();
        } catch (IOException e) {
          log.debug("cannot close {}: {}", writer.file(), e.toString());
        }
      }
    }
    writers.clear();
  }

  private static void close(RecordingWriter writer) {
    try {
      writer.close();
    } catch (IOException e) {
      log.warn("cannot close {}: {}", writer.file(), e.toString());
    }
  }

  private RawStorageException cannotWrite(Path file, IOException e) {
    return new RawStorageException("cannot write " + file + " (" + describe(e) + "): check that "
        + output + " is writable by this user and that the disk is not full, then restart"
        + " raw-storage; the records not written were not committed, so they are read again",
        e);
  }

  private RawStorageException fromKafka(KafkaException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RawStorageException) {
        return (RawStorageException) cause;
      }
      if (cause instanceof UncheckedIOException) {
        return new RawStorageException("cannot read the recordings under " + output + " to find"
            + " where to resume (" + describe(((UncheckedIOException) cause).getCause())
            + "): check that the files are readable and writable by this user", e);
      }
    }
    return new RawStorageException("Kafka consumer of " + settings.topic() + " at "
        + settings.kafkaServers() + " failed: " + e, e);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + message;
    }
    if (e instanceof java.nio.file.FileSystemException) {
      String reason = ((java.nio.file.FileSystemException) e).getReason();
      return ((java.nio.file.FileSystemException) e).getFile()
          + (reason == null ? " (" + kind + ")" : ": " + reason);
    }
    return message == null ? kind : message;
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      quoted.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return quoted.append('"').toString();
  }

  // ---- where to resume: the tails of the files ----------------------------------------------

  /** On assignment: learns from the files' tails the last offset on disk per partition. */
  private final class Rebalance implements ConsumerRebalanceListener {

    private final Consumer<String, byte[]> kafka;

    Rebalance(Consumer<String, byte[]> kafka) {
      this.kafka = kafka;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // every batch is committed before the next poll, unless a commit failed: retry it now,
      // while these partitions are still ours
      commit(kafka);
      pendingCommit.keySet().removeAll(partitions);
      forgetPartitions(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pendingCommit.keySet().removeAll(partitions);
      forgetPartitions(partitions);
    }

    private void forgetPartitions(Collection<TopicPartition> partitions) {
      assignedPartitions = Math.max(0, assignedPartitions - partitions.size());
      if (assignedPartitions == 0) {
        lastUnassignedSinceNanos = System.nanoTime();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignedPartitions = kafka.assignment().size();
      if (assignedPartitions == 0) {
        lastUnassignedSinceNanos = System.nanoTime();
      }
      if (partitions.isEmpty()) {
        return;
      }
      try {
        resume(partitions);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void resume(Collection<TopicPartition> partitions) throws IOException {
      long start = System.nanoTime();
      Set<TopicPartition> all = new LinkedHashSet<>(partitions);
      List<PartitionInfo> infos = kafka.partitionsFor(settings.topic());
      if (infos != null) {
        for (PartitionInfo info : infos) {
          all.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(all);
      Map<Integer, Long> committedByPartition = new HashMap<>();
      committed.forEach((tp, offset) -> {
        if (offset != null) {
          committedByPartition.put(tp.partition(), offset.offset());
        }
      });
      int scanned = 0;
      List<Path> files = recordingFiles();
      onDisk.keySet().retainAll(new HashSet<>(files)); // forget files removed by hand
      for (Path file : files) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        FileOffsets state = onDisk.computeIfAbsent(file, f -> new FileOffsets());
        if (state.scannedSize != attributes.size()
            || state.scannedModifiedMillis != attributes.lastModifiedTime().toMillis()) {
          RecordingTail.Result result =
              RecordingTail.scan(file, settings.topic(), committedByPartition);
          scanned++;
          result.lastOffsets().forEach(state::written);
          attributes = Files.readAttributes(file, BasicFileAttributes.class);
          state.scannedSize = attributes.size();
          state.scannedModifiedMillis = attributes.lastModifiedTime().toMillis();
        }
      }
      Map<TopicPartition, Long> ends;
      try {
        ends = kafka.endOffsets(partitions);
      } catch (KafkaException e) {
        log.warn("cannot read the end offsets of {} ({}): not checking the files against them",
            partitions, e.toString());
        ends = Map.of();
      }
      List<String> report = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        long last = -1;
        for (FileOffsets state : onDisk.values()) {
          last = Math.max(last, state.last(partition.partition()));
        }
        Long end = ends.get(partition);
        OffsetAndMetadata next = committed.get(partition);
        if (end != null && last >= end) {
          log.warn("{} ends at offset {} but the files under {} hold offset {} of it: the topic"
              + " was deleted and created again? Ignoring the positions on disk for this"
              + " partition (records may be written twice rather than lost)", partition, end,
              output, last);
          for (FileOffsets state : onDisk.values()) {
            state.offsets.remove(partition.partition());
          }
          last = -1;
        }
        report.add(partition.partition() + ": committed " + (next == null ? "none" : next.offset())
            + ", last on disk " + (last < 0 ? "none" : last));
      }
      log.info("raw-storage: assigned {} of {}; {} ({} files, {} tails read, {} ms)",
          partitions.size() == 1 ? "partition" : "partitions", settings.topic(), report,
          files.size(), scanned, Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** Every {@code <output>/<directory>/<name>.jsonl} (the runner's layout). */
    private List<Path> recordingFiles() throws IOException {
      try (Stream<Path> stream = Files.find(output, 2, (path, attributes) ->
          attributes.isRegularFile() && path.getFileName().toString().endsWith(EXTENSION)
              && path.getParent() != null && !path.getParent().equals(output))) {
        List<Path> files = new ArrayList<>();
        stream.forEach(files::add);
        return files;
      }
    }
  }
}
