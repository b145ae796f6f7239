package lts.listener.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import lts.kafka.EmbeddedKafka;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** One real in-JVM broker shared by the tests of this module, and a way to read a topic back. */
final class RestListenerTestKafka {

  private static EmbeddedKafka kafka;

  private RestListenerTestKafka() {
  }

  /** The shared broker (started on first use, stopped when the JVM exits). */
  static synchronized EmbeddedKafka get() throws IOException {
    if (kafka == null) {
      Path dir = Files.createTempDirectory("lts-listener-rest-kafka");
      kafka = EmbeddedKafka.start(dir, 0, 2);
      EmbeddedKafka started = kafka;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return kafka;
  }

  /**
   * Reads {@code topic} from the beginning with a new group until {@code done} holds for what was
   * read, or 30 s passed.
   */
  static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> done) throws IOException {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(
        get().bootstrapServers(), "test-" + UUID.randomUUID(), "test-reader"))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (!done.test(records) && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
