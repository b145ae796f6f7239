package lts.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TestBrokerTest {

  @Test
  void oneBrokerPerJvmWithOnePartitionCountAndItsTopicsReadFromTheBeginning() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(2, List.of("raw-messages"));
    assertThat(TestBroker.shared(2, List.of("raw-messages"))).isSameAs(kafka);
    assertThatThrownBy(() -> TestBroker.shared(3, List.of("raw-messages"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 partitions");

    String topic = "test-broker-" + System.nanoTime();
    kafka.createTopics(List.of(topic), 2);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        KafkaClients.producer(kafka.bootstrapServers(), "test-broker-test"))) {
      for (int n = 1; n <= 3; n++) {
        producer.send(new ProducerRecord<>(topic, "santos", new byte[] {(byte) n})).get();
      }
    }
    List<ConsumerRecord<String, byte[]>> records =
        TestBroker.readUntil(kafka, topic, rs -> rs.size() >= 3);
    assertThat(records).extracting(r -> r.value()[0]).containsExactly((byte) 1, (byte) 2, (byte) 3);
    // a second reader starts from the beginning again (a new group each time)
    assertThat(TestBroker.readUntil(kafka, topic, rs -> rs.size() >= 3)).hasSize(3);
  }
}
