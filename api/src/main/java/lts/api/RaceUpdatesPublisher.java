package lts.api;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other api replicas of a change made through this one (a settings or label PUT): the
 * notification goes to {@code race-updates}, which every replica's {@link RaceUpdatesListener}
 * forwards to its own SSE clients after dropping its cached responses of the event. Sent from a
 * thread of its own: a PUT never waits for Kafka, and a Kafka that is away costs a log line. Each
 * record carries this replica's {@link #origin()}, so that its own listener can leave out what this
 * replica already pushed.
 */
public final class RaceUpdatesPublisher implements LiveUpdates.Relay, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RaceUpdatesPublisher.class);

  /** The record header naming the replica a change was made through. */
  public static final String ORIGIN_HEADER = "lts-origin";

  private final String origin = "lts-api-" + UUID.randomUUID();
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "race-updates-publisher");
    t.setDaemon(true);
    return t;
  });

  public RaceUpdatesPublisher(String kafkaServers, String topic) {
    Properties p = KafkaClients.producer(kafkaServers, origin);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
  }

  /** This replica's name in the records it sends. */
  public String origin() {
    return origin;
  }

  @Override
  public void send(String eventCode, String json) {
    sender.execute(() -> {
      try {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, eventCode,
            json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (meta, error) -> {
          if (error != null) {
            log.warn("api: other replicas not told of the change of {} ({}: {})", eventCode,
                topic, error.toString());
          }
        });
      } catch (RuntimeException e) {
        log.warn("api: other replicas not told of the change of {} ({}: {})", eventCode, topic,
            e.toString());
      }
    });
  }

  /** Sends what is queued (for a few seconds at most), then closes the producer. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
