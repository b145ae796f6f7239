package lts.parser.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lts.contracts.Topics;
import lts.core.protocol.ApexEngine;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import lts.contracts.RaceEventCodec;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The few things the runner's tests do with the shared test broker ({@link TestBroker}), through
 * clients of their own. Registered as an extension on a static field, it closes them after the
 * last test of the class (the broker runs on).
 */
final class TestKafka implements AfterAllCallback {

  /** The three topics of one test. */
  record TopicSet(String raw, String events, String errors) {
  }

  private static final EnvelopeCodec ENVELOPES = new EnvelopeCodec();

  private final EmbeddedKafka kafka;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;

  private TestKafka(EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.admin = kafka.admin();
    Properties p = KafkaClients.producer(kafka.bootstrapServers(), "test-publisher");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
    // one request in flight: with 5, a first request refused by a partition the broker has not
    // opened yet can be overtaken by the next one, and is then rejected forever as out of
    // order and dropped at the delivery timeout (KAFKA-15591, seen here on fresh topics)
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    this.producer = new KafkaProducer<>(p);
  }

  /** Clients for the shared broker (1 partition per pipeline topic; these tests make their own). */
  static TestKafka open() {
    return new TestKafka(TestBroker.shared(1, Topics.ALL));
  }

  String servers() {
    return kafka.bootstrapServers();
  }

  /** Creates {@code <prefix>-raw}, {@code -events}, {@code -errors} (retention forever). */
  TopicSet topics(String prefix, int partitions) {
    TopicSet t = new TopicSet(prefix + "-raw", prefix + "-events", prefix + "-errors");
    List<String> names = List.of(t.raw(), t.events(), t.errors());
    kafka.createTopics(names, partitions); // waits until listed and led
    return t;
  }

  /** A parser reading and writing {@code t}, group {@code <prefix>}. */
  ParserConfig config(TopicSet t, String group) {
    return ParserConfig.of(servers()).withInputTopic(t.raw()).withOutputTopic(t.events())
        .withErrorsTopic(t.errors()).withGroup(group).withPollTimeout(Duration.ofMillis(100));
  }

  /** Sends envelopes keyed by their event code, in order, and waits until all are acknowledged. */
  void publish(String topic, List<Envelope> envelopes) {
    for (Envelope e : envelopes) {
      producer.send(new ProducerRecord<>(topic, e.eventCode(), ENVELOPES.encode(e)));
    }
    producer.flush();
  }

  void publishRaw(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
    producer.flush();
  }

  void publishRaw(String topic, String key, String value) {
    publishRaw(topic, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Every record of a topic, partition by partition in offset order, up to its current end. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic, boolean committedOnly) {
    Properties p = KafkaClients.consumer(servers(), "unused", "test-reader");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      for (TopicPartition tp : parts) {
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (c.position(tp) < end.get(tp)) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("cannot read " + tp + " to its end " + end.get(tp));
          }
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200)).records(tp)) {
            all.add(r);
          }
        }
      }
    }
    return all;
  }

  /** The race events of a topic (committed), as JSON strings per event code, in order. */
  Map<String, List<String>> eventsByCode(String topic) {
    Map<String, List<String>> byCode = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : readAll(topic, true)) {
      byCode.computeIfAbsent(r.key(), k -> new ArrayList<>())
          .add(new String(r.value(), StandardCharsets.UTF_8));
    }
    return byCode;
  }

  /** The error envelopes of a topic (committed). */
  List<Envelope> errors(String topic) {
    return readAll(topic, true).stream().map(r -> ENVELOPES.decode(r.value()))
        .collect(Collectors.toList());
  }

  /** Sum of the end offsets of a topic's partitions. */
  long endOffsets(String topic) {
    return endOffsetsByPartition(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  Map<TopicPartition, Long> endOffsetsByPartition(String topic) {
    try {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> query = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        query.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(query).all().get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sum of the group's committed offsets on {@code topic}. */
  long committed(String group, String topic) {
    return committedByPartition(group, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The group's committed offsets on {@code topic} (those of committed transactions only). */
  Map<TopicPartition, Long> committedByPartition(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
          new ListConsumerGroupOffsetsOptions().requireStable(false))
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> byPartition = new HashMap<>();
      offsets.forEach((tp, o) -> {
        if (tp.topic().equals(topic) && o != null) {
          byPartition.put(tp, o.offset());
        }
      });
      return byPartition;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the group committed at least {@code target} on every partition; returns how long it took. */
  Duration awaitCommitted(String group, String topic, Map<TopicPartition, Long> target, Duration timeout) {
    return Await.until(timeout, () -> {
      Map<TopicPartition, Long> now = committedByPartition(group, topic);
      return target.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }, () -> "group " + group + " committed " + committedByPartition(group, topic)
        + ", waiting for " + target);
  }

  /** Waits until the group committed the whole input topic; returns how long it took. */
  Duration awaitCaughtUp(String group, String topic, Duration timeout) {
    return Await.until(timeout, () -> committed(group, topic) == endOffsets(topic),
        () -> "group " + group + " committed " + committed(group, topic) + " of "
            + endOffsets(topic) + " records of " + topic);
  }

  /**
   * What fresh engines give for these frames (one per event code, in order, never finished): the
   * race-events topic must hold exactly this.
   */
  static Map<String, List<String>> expected(List<Envelope> frames) {
    RaceEventCodec codec = new RaceEventCodec();
    Map<String, ApexEngine> engines = new HashMap<>();
    Map<String, List<String>> byCode = new LinkedHashMap<>();
    for (Envelope f : frames) {
      List<String> out = byCode.computeIfAbsent(f.eventCode(), k -> new ArrayList<>());
      engines.computeIfAbsent(f.eventCode(), ApexEngine::new)
          .accept(f.createdAt(), f.data(), e -> out.add(codec.toJson(e)));
    }
    byCode.values().removeIf(List::isEmpty);
    return byCode;
  }

  /** A recording's frames as envelopes of {@code eventCode}. */
  static List<Envelope> recording(Path file, String eventCode) throws IOException {
    List<Envelope> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        frames.add(Envelope.of(eventCode, f.text(), "test", f.at()));
      }
    }
    return frames;
  }

  /** Interleaves lists: one of each in turn, the rest of the longer ones at the end. */
  @SafeVarargs
  static <T> List<T> interleave(List<T>... lists) {
    List<T> all = new ArrayList<>();
    int max = 0;
    for (List<T> l : lists) {
      max = Math.max(max, l.size());
    }
    for (int i = 0; i < max; i++) {
      for (List<T> l : lists) {
        if (i < l.size()) {
          all.add(l.get(i));
        }
      }
    }
    return all;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
