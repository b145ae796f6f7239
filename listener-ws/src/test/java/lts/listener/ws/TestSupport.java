package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Helpers shared by the tests: recordings, a running listener, reading a topic, counting. */
final class TestSupport {

  private static final Pattern SEQ = Pattern.compile("seq (\\d+)");
  private static final EnvelopeCodec CODEC = new EnvelopeCodec();

  private TestSupport() {
  }

  /** An ndjson recording of {@code n} numbered frames, {@code stepMs} apart. */
  static Path numberedRecording(Path dir, String name, int n, long stepMs) throws IOException {
    long t0 = 1_782_593_801_798L;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String frame = (i == 0 ? "init|r|\\n" : "") + "dyn1|countdown|" + (10_800_000 - i * stepMs)
          + "\\nr7c3|tn|seq " + i;
      lines.add("{\"t\":" + (t0 + i * stepMs) + ",\"raw\":\"" + frame + "\"}");
    }
    Path file = dir.resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** The sequence number of a numbered frame. */
  static int seq(String frame) {
    Matcher m = SEQ.matcher(frame);
    assertThat(m.find()).as("numbered frame: %s", frame).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Every frame of a recording, as the listener should forward it. */
  static List<String> framesOf(Path recording) throws IOException {
    List<String> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(recording)) {
      reader.forEachRemaining((RecordedFrame f) -> frames.add(f.text()));
    }
    return frames;
  }

  /**
   * {@link EmbeddedKafka#start}, tried again when its check that the topics exist runs before the
   * broker's metadata shows them ("topics missing after creation": the broker is closed then, and
   * a new start on the same directory and port keeps everything).
   */
  static EmbeddedKafka startKafka(Path dataDir, int port, int partitions) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return EmbeddedKafka.start(dataDir, port, partitions, Topics.ALL);
      } catch (IllegalStateException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("topics missing")) {
          throw e;
        }
      }
    }
  }

  /** Runs a listener on its own thread. */
  static final class Running implements AutoCloseable {
    final WsListener listener;
    final Thread thread;
    volatile Throwable failure;

    Running(WsListener listener) {
      this.listener = listener;
      this.thread = new Thread(() -> {
        try {
          listener.run();
        } catch (Throwable t) {
          failure = t;
        }
      }, "test-ws-listener");
      thread.start();
    }

    boolean isAlive() {
      return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
      listener.stop();
      thread.join(60_000);
      assertThat(thread.isAlive()).as("listener stopped").isFalse();
      assertThat(failure).as("listener failure").isNull();
    }
  }

  /**
   * Every record of a topic, in offset order per partition (one key = one partition), read until
   * at least {@code expected} came and then nothing new for a second.
   */
  static List<ConsumerRecord<String, byte[]>> readTopic(String servers, String topic, int expected,
      Duration timeout) {
    Properties p = KafkaClients.consumer(servers, "test-reader-" + System.nanoTime(), "test-reader");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .stream().map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadline) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (records.size() != before) {
          quietSince = System.nanoTime();
        } else if (records.size() >= expected && System.nanoTime() - quietSince > 1_000_000_000L) {
          break;
        }
      }
    }
    records.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
        .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  static Envelope envelope(ConsumerRecord<String, byte[]> record) {
    return CODEC.decode(record.value());
  }

  static List<String> frames(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> envelope(r).data()).collect(Collectors.toList());
  }

  /**
   * The counts of ../shared/docs/reliability.md for numbered frames 0..attempted-1.
   *
   * @param output the sequence numbers found on the topic, in topic order
   */
  record Counts(long attempted, long acknowledged, long lost, long missing, long duplicated,
      long outOfOrder, double recoveredInS) {

    static Counts of(int attempted, long acknowledged, List<Integer> output, double recoveredInS) {
      boolean[] seen = new boolean[attempted];
      long duplicated = 0;
      long outOfOrder = 0;
      int previous = -1;
      for (int s : output) {
        if (s < attempted && seen[s]) {
          duplicated++;
        }
        if (s < attempted) {
          seen[s] = true;
        }
        if (s < previous) {
          outOfOrder++;
        }
        previous = Math.max(previous, s);
      }
      long absent = 0;
      for (boolean b : seen) {
        if (!b) {
          absent++;
        }
      }
      // acknowledged frames are the first ones handed over; every absent one counts as lost once
      // the listener acknowledged as many records as frames were attempted
      long lost = acknowledged >= attempted ? absent : Math.max(0, absent - (attempted - acknowledged));
      return new Counts(attempted, acknowledged, lost, absent, duplicated, outOfOrder, recoveredInS);
    }

    String line(String test) {
      return String.format(java.util.Locale.ROOT, "RELIABILITY %s: attempted=%d acknowledged=%d"
          + " lost=%d missing=%d duplicated=%d out-of-order=%d recovered_in_s=%.1f", test, attempted,
          acknowledged, lost, missing, duplicated, outOfOrder, recoveredInS);
    }
  }
}
