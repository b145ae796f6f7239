package lts.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  private static final List<String> TOPICS = List.of("raw-messages", "race-events");

  @TempDir
  Path dir;

  @Test
  void startsABrokerWithThePipelineTopicsAndKeepsRecordsAcrossARestart() throws Exception {
    List<String> received = new ArrayList<>();
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0, 2, TOPICS)) {
      port = kafka.port();
      try (var admin = kafka.admin()) {
        assertThat(admin.listTopics().names().get()).containsAll(TOPICS);
        assertThat(admin.describeTopics(List.of("raw-messages")).allTopicNames().get()
            .get("raw-messages").partitions()).hasSize(2);
      }
      try (var producer = new KafkaProducer<String, String>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("raw-messages", "santos", "frame " + i)).get();
        }
      }
    }
    // same data directory, same port: the records are still there
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, 2, TOPICS)) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("raw-messages"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (received.size() < 10 && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            received.add(r.value());
          }
        }
      }
    }
    assertThat(received).hasSize(10).startsWith("frame 0").endsWith("frame 9");
  }
}
