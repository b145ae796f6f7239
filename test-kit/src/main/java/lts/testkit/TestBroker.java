package lts.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The one real in-JVM Kafka broker that the test classes of a module share: started on first use,
 * stopped (and its data directory deleted) when the test JVM exits. Tests on it stay independent
 * by using their own topics, groups and event codes. A test that stops or restarts its broker, or
 * needs other partitions for the pipeline topics, starts an {@link EmbeddedKafka} of its own.
 */
public final class TestBroker {

  /** How long {@link #readUntil} reads before it gives up and returns what it has. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka shared;
  private static int sharedPartitions;

  private TestBroker() {
  }

  /**
   * The shared broker, started on the first call with {@code partitions} partitions for each of
   * {@code topics} (a test of the pipeline passes {@code lts.contracts.Topics.ALL}); every later
   * call must ask for the same number of partitions, and its topics are created if missing.
   */
  public static synchronized EmbeddedKafka shared(int partitions, List<String> topics) {
    if (shared == null) {
      try {
        Path dataDir = Files.createTempDirectory("lts-test-kafka");
        EmbeddedKafka started = EmbeddedKafka.start(dataDir, 0, partitions, topics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          delete(dataDir);
        }, "test-broker-stop"));
        shared = started;
        sharedPartitions = partitions;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the shared test broker", e);
      }
    } else if (partitions != sharedPartitions) {
      throw new IllegalStateException("the shared test broker runs with " + sharedPartitions
          + " partitions per pipeline topic, not " + partitions
          + ": start an EmbeddedKafka of the test's own");
    } else {
      shared.createTopics(topics, partitions);
    }
    return shared;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind: nothing to fail for while the JVM exits
    }
  }

  /**
   * Reads {@code topic} of {@code kafka} from the beginning, with a new consumer group, until
   * {@code done} holds for what was read or {@link #READ_TIMEOUT} passed; returns what was read.
   */
  public static List<ConsumerRecord<String, byte[]>> readUntil(EmbeddedKafka kafka, String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(
        kafka.bootstrapServers(), "test-" + UUID.randomUUID(), "test-reader"))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
