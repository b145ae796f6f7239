package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.testkit.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Shared helpers of the runner tests: numbered envelopes, a runner in a thread, the counts. */
final class RawStorageFixture {

  /** 2026-04-25T22:00:00Z: numbered envelopes 20 s apart cross two midnights (UTC). */
  static final long BASE_MS = Instant.parse("2026-04-25T22:00:00Z").toEpochMilli();
  static final long STEP_MS = 20_000;

  private static final EnvelopeCodec CODEC = new EnvelopeCodec();

  private RawStorageFixture() {
  }

  /** Envelope number {@code n} (0-based) of {@code count}: event code {@code codes[n % k]}. */
  static Envelope numbered(int n, List<String> codes) {
    String code = codes.get(n % codes.size());
    int seq = n / codes.size();
    return Envelope.of(code, "r" + seq + "c3|in|" + seq + "\nn|" + code + "|" + seq + "|" + n,
        "ws-listener", BASE_MS + n * STEP_MS);
  }

  /** The sequence number inside its event code, parsed back from a frame's text. */
  static int seqOf(String text) {
    String last = text.substring(text.indexOf("\nn|") + 3);
    String[] parts = last.split("\\|");
    return Integer.parseInt(parts[1]);
  }

  /**
   * Sends {@code count} numbered envelopes, event code {@code i} to partition {@code i % partitions};
   * {@code pauseEvery}/{@code pauseMs} pace them (0: no pause). Returns how many were acknowledged.
   */
  static int sendNumbered(EmbeddedKafka kafka, String topic, int count, List<String> codes,
      int partitions, int pauseEvery, long pauseMs) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(kafka.bootstrapServers(), "test-producer"))) {
      for (int n = 0; n < count; n++) {
        Envelope e = numbered(n, codes);
        int partition = codes.indexOf(e.eventCode()) % partitions;
        acks.add(producer.send(new ProducerRecord<>(topic, partition, e.eventCode(),
            CODEC.encode(e))));
        if (pauseEvery > 0 && (n + 1) % pauseEvery == 0) {
          producer.flush();
          Thread.sleep(pauseMs); // the feed's pace: records keep coming while the consumer runs
        }
      }
      producer.flush();
    }
    int acknowledged = 0;
    for (Future<RecordMetadata> ack : acks) {
      ack.get(30, TimeUnit.SECONDS);
      acknowledged++;
    }
    return acknowledged;
  }

  /** Sends raw values (null allowed) to partition 0. */
  static void sendRaw(EmbeddedKafka kafka, String topic, String key, byte[]... values)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(kafka.bootstrapServers(), "test-raw"))) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A runner in its own thread. */
  static final class Running {
    final RawStorage storage;
    final SimpleMeterRegistry registry;
    final Thread thread;
    volatile Throwable thrown;

    Running(RawStorage storage, SimpleMeterRegistry registry, String name) {
      this.storage = storage;
      this.registry = registry;
      this.thread = new Thread(() -> {
        try {
          storage.run();
        } catch (Throwable e) {
          thrown = e;
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    double count(String counter) {
      return registry.counter(counter).count();
    }

    /** Stops it cleanly and waits for run() to return. */
    void stop() throws InterruptedException {
      storage.stop();
      thread.join(60_000);
      assertThat(thread.isAlive()).as("runner still running 60 s after stop()").isFalse();
    }

    /** Waits until run() ended (a simulated crash). */
    void awaitEnd() throws InterruptedException {
      thread.join(60_000);
      assertThat(thread.isAlive()).as("runner did not end").isFalse();
    }
  }

  static Running start(RawStorage.Settings settings, RawStorage.Hook hook, String name) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    return new Running(new RawStorage(settings, registry, hook), registry, name);
  }

  /** Settings for tests: small batches, short polls, fast failure detection. */
  static RawStorage.Settings settings(EmbeddedKafka kafka, String topic, String group, Path output,
      int maxPollRecords) {
    return new RawStorage.Settings(kafka.bootstrapServers(), topic, group, output,
        RawStorage.Settings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMillis(200), Map.of())
        .withConsumerProperty("max.poll.records", String.valueOf(maxPollRecords))
        .withConsumerProperty("session.timeout.ms", "6000")
        .withConsumerProperty("heartbeat.interval.ms", "1000");
  }

  /** Sum of the group's committed offsets on {@code topic} (= records consumed, no transactions). */
  static long committed(EmbeddedKafka kafka, String group, String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  /** Waits until the group committed {@code total} records of {@code topic}; returns seconds waited. */
  static double awaitCommitted(EmbeddedKafka kafka, String group, String topic, long total,
      Duration timeout) {
    return Await.until(timeout, () -> {
      try {
        return committed(kafka, group, topic) >= total;
      } catch (Exception e) {
        return false;
      }
    }, () -> "group " + group + " to commit " + total + " records of " + topic).toNanos() / 1e9;
  }

  /** Every {@code .jsonl} under {@code output}: relative path → bytes. */
  static Map<String, byte[]> files(Path output) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(output)) {
      return files;
    }
    try (Stream<Path> stream = Files.walk(output)) {
      for (Path file : (Iterable<Path>) stream.filter(Files::isRegularFile)::iterator) {
        files.put(output.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /** Frames of each event directory, files read in name (date) order. */
  static Map<String, List<RecordedFrame>> frames(Path output) throws IOException {
    Map<String, List<RecordedFrame>> frames = new TreeMap<>();
    for (String relative : files(output).keySet()) {
      Path file = output.resolve(relative);
      String dir = file.getParent().getFileName().toString();
      try (RecordingReader reader = RecordingReader.open(file)) {
        List<RecordedFrame> list = frames.computeIfAbsent(dir, d -> new ArrayList<>());
        reader.forEachRemaining(list::add);
        assertThat(reader.skippedLines()).as("malformed lines in " + file).isZero();
      }
    }
    return frames;
  }

  /** Lines of all files under {@code output}. */
  static long lineCount(Path output) {
    try {
      return files(output).values().stream()
          .mapToLong(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).lines().count())
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The counts reliability.md asks every resilience test to report. */
  record Counts(long attempted, long acknowledged, long lost, long duplicated, long outOfOrder,
      double recoveredInS) {

    String line(String test) {
      return String.format(java.util.Locale.ROOT, "RELIABILITY raw-storage %s: attempted=%d"
          + " acknowledged=%d lost=%d duplicated=%d out-of-order=%d recovered_in_s=%.2f", test,
          attempted, acknowledged, lost, duplicated, outOfOrder, recoveredInS);
    }
  }

  /** Counts of the numbered envelopes found under {@code output}. */
  static Counts count(Path output, int attempted, int acknowledged, List<String> codes,
      double recoveredInS) throws IOException {
    Map<String, List<RecordedFrame>> frames = frames(output);
    long duplicated = 0;
    long outOfOrder = 0;
    long present = 0;
    Map<String, Integer> expectedPerCode = new HashMap<>();
    for (int n = 0; n < acknowledged; n++) {
      expectedPerCode.merge(codes.get(n % codes.size()), 1, Integer::sum);
    }
    for (String code : codes) {
      List<RecordedFrame> list = frames.getOrDefault(code, List.of());
      Map<Integer, Integer> seen = new LinkedHashMap<>();
      int previous = -1;
      for (RecordedFrame frame : list) {
        int seq = seqOf(frame.text());
        if (seen.merge(seq, 1, Integer::sum) > 1) {
          duplicated++;
        }
        if (seq < previous) {
          outOfOrder++;
        }
        previous = seq;
      }
      int expected = expectedPerCode.getOrDefault(code, 0);
      for (int seq = 0; seq < expected; seq++) {
        if (seen.containsKey(seq)) {
          present++;
        }
      }
    }
    return new Counts(attempted, acknowledged, acknowledged - present, duplicated, outOfOrder,
        recoveredInS);
  }
}
