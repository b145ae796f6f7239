package lts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import lts.contracts.Topics;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** The pipeline bench's Kafka readers: the race-events reader and the measuring points. */
final class PipelineReaders {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineReaders() {
  }

  /** The race-events reader (read_committed), {@code -Dbench.fetchMaxWaitMs} applied. */
  static KafkaConsumer<String, byte[]> raceEvents(String servers) {
    Properties p = KafkaClients.consumer(servers, "bench-" + System.nanoTime(), "bench-events");
    String fetchMaxWait = System.getProperty("bench.fetchMaxWaitMs");
    if (fetchMaxWait != null) {
      p.put("fetch.max.wait.ms", fetchMaxWait);
    }
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(Topics.RACE_EVENTS));
    return c;
  }

  /** A read_uncommitted reader of {@code topic}: sees what is written, before any commit. */
  static KafkaConsumer<String, byte[]> uncommitted(String servers, String topic, String name) {
    Properties p = KafkaClients.consumer(servers, name + "-" + System.nanoTime(), name);
    p.put("isolation.level", "read_uncommitted");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(topic));
    return c;
  }

  /**
   * A reader of one measuring point (not started): until {@code endMs}, for each record whose
   * time field {@code atField} is at or after {@code steadyFromMs}, when it was first read (under
   * its {@code key}, in {@code seen}) and its latency (into {@code stage}, which it locks).
   */
  static Thread stageReader(String name, Supplier<KafkaConsumer<String, byte[]>> consumer,
      String atField, Function<JsonNode, String> key, Map<String, Long> seen, LongList stage,
      long steadyFromMs, long endMs) {
    return DaemonThreads.of(name, () -> {
      try (KafkaConsumer<String, byte[]> reader = consumer.get()) {
        while (System.currentTimeMillis() < endMs) {
          ConsumerRecords<String, byte[]> batch = reader.poll(Duration.ofMillis(100));
          long now = System.currentTimeMillis();
          for (ConsumerRecord<String, byte[]> r : batch) {
            JsonNode value = JSON.readTree(r.value());
            long at = value.path(atField).asLong(-1);
            if (at >= steadyFromMs) {
              seen.putIfAbsent(key.apply(value), now);
              synchronized (stage) {
                stage.add(now - at);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
