package lts.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import lts.kafka.EmbeddedKafka;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One real in-JVM Kafka broker for the kafka-check and rest-listener command tests (started on
 * first use, stopped when the test JVM exits), and a way to read a topic back.
 */
final class KafkaCheckSharedBroker {

  private static EmbeddedKafka kafka;

  private KafkaCheckSharedBroker() {
  }

  static synchronized EmbeddedKafka get() throws IOException {
    if (kafka == null) {
      Path dir = Files.createTempDirectory("lts-app-command-kafka");
      kafka = EmbeddedKafka.start(dir, 0, 2);
      EmbeddedKafka started = kafka;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return kafka;
  }

  /**
   * Creates a topic and waits until the broker lists it ({@code EmbeddedKafka.createTopics} lists
   * the topics right after creating them and may not see a new one yet).
   */
  static void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = get().admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("topic " + name + " not listed after creation");
        }
        Thread.sleep(50);
      }
    }
  }

  /** Reads {@code topic} from the start with a new group until {@code done} holds, or 30 s. */
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
