package lts.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.kafka.KafkaClients;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts a recording into {@code raw-messages} as the listeners would have, with its recorded
 * instants ({@code created_at}, source {@code recording}), as fast as Kafka takes it: the parser
 * and metrics then compute the race as if live, on the race's own clock.
 *
 * <p>Exactly once per recording: every record carries the recording's id (a hash of the file)
 * and its frame number in headers; an import first reads the event's partition for that id and
 * goes on after the last frame found, so an import run twice, or again after it was interrupted,
 * never puts a frame in twice. Each batch is acknowledged ({@code acks=all}, idempotent producer)
 * before the next one is read.
 */
final class RecordingImport {

  /** Header: the id of the recording a record came from. */
  static final String RECORDING_HEADER = "lts-recording";
  /** Header: the frame's number in its recording, from 0. */
  static final String FRAME_HEADER = "lts-frame";
  /** {@code source} of the envelopes. */
  static final String SOURCE = "recording";

  private static final int BATCH = 2_000;

  /** What one import did: frames read, put in, and found there already. */
  record Result(String eventCode, long frames, long imported, long alreadyThere) {
  }

  /** Told of the progress: bytes read of the file, frames so far. */
  interface Progress {
    Progress NONE = (bytes, total, frames) -> { };

    void update(long bytes, long total, long frames);
  }

  private final String servers;
  private final String topic;
  private final EnvelopeCodec codec = new EnvelopeCodec();

  RecordingImport(String servers, String topic) {
    this.servers = servers;
    this.topic = topic;
  }

  /**
   * Imports {@code file}, at most {@code maxFrames} of its frames (the rest stays for the next
   * import: tests stop an import halfway this way).
   */
  Result run(Path file, RecordingReader.Options options, long maxFrames, Progress progress)
      throws IOException, InterruptedException {
    String id = idOf(file);
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        KafkaClients.producer(servers, "lts-import"));
        RecordingReader reader = RecordingReader.open(file, options)) {
      long frames = 0;
      long imported = 0;
      long already = 0;
      String eventCode = null;
      Map<String, Long> resumeAfter = new HashMap<>();
      List<Future<RecordMetadata>> pending = new ArrayList<>();
      while (reader.hasNext() && imported < maxFrames) {
        RecordedFrame frame = reader.next();
        long number = frames++;
        if (eventCode == null) {
          eventCode = frame.eventCode();
        }
        long after = resumeAfter.computeIfAbsent(frame.eventCode(),
            code -> lastImported(producer, code, id));
        if (number <= after) {
          already++;
        } else {
          Envelope envelope = new Envelope(frame.eventCode(), frame.text(), SOURCE, frame.at(),
              frame.at(), null, null);
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, frame.at(),
              frame.eventCode(), codec.encode(envelope));
          record.headers().add(RECORDING_HEADER, idBytes);
          record.headers().add(FRAME_HEADER, Long.toString(number).getBytes(StandardCharsets.UTF_8));
          pending.add(producer.send(record));
          imported++;
          if (pending.size() >= BATCH) {
            await(pending);
          }
        }
        if ((frames & 1023) == 0) {
          progress.update(reader.bytesRead(), reader.fileSize(), frames);
        }
      }
      await(pending);
      progress.update(reader.bytesRead(), reader.fileSize(), frames);
      return new Result(eventCode, frames, imported, already);
    }
  }

  /** The recording's id: the SHA-256 of its bytes (the same file imported twice is the same). */
  static String idOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /**
   * The highest frame number of recording {@code id} already in the partition of
   * {@code eventCode} (the producer's default partitioner puts a key's records there), or -1.
   */
  private long lastImported(KafkaProducer<String, byte[]> producer, String eventCode, String id) {
    List<PartitionInfo> partitions = producer.partitionsFor(topic);
    int partition = Utils.toPositive(Utils.murmur2(eventCode.getBytes(StandardCharsets.UTF_8)))
        % partitions.size();
    TopicPartition tp = new TopicPartition(topic, partition);
    Properties p = KafkaClients.consumer(servers, "lts-import", "lts-import-check");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    long last = -1;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      consumer.seekToBeginning(List.of(tp));
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Header recording = r.headers().lastHeader(RECORDING_HEADER);
          Header frame = r.headers().lastHeader(FRAME_HEADER);
          if (recording != null && frame != null && java.util.Arrays.equals(idBytes,
              recording.value()) && eventCode.equals(r.key())) {
            last = Math.max(last, Long.parseLong(new String(frame.value(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    return last;
  }

  private static void await(List<Future<RecordMetadata>> pending)
      throws IOException, InterruptedException {
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IOException("Kafka did not take the frames: " + e.getCause().getMessage()
          + " (nothing after the last acknowledged frame is in; import again to go on)",
          e.getCause());
    } finally {
      pending.clear();
    }
  }
}
