package lts.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import lts.contracts.RaceUpdate;
import lts.contracts.RaceUpdateCodec;
import lts.contracts.Topics;
import lts.kafka.RunnerState;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the {@code race-updates} notifications (published by {@code lts metrics} after each
 * database commit) to the SSE clients, through {@link LiveUpdates#publish}, which first drops the
 * event's cached responses. Each api instance reads every notification (its own consumer group)
 * from the newest on: a missed notification only delays a refresh (until the cache's max age).
 * The changes made through this replica itself, which it pushed already, are left out. A record
 * that is not a {@link RaceUpdate} is skipped with a warning (never forwarded to a browser). Its
 * life is a {@link RunnerState}, as every runner's: should the loop fail or stall, {@code /health}
 * says so ({@link LiveUpdates#feedFrom}).
 */
public final class RaceUpdatesListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RaceUpdatesListener.class);
  /** The loop polls every half second: a minute without a turn is a stall. */
  static final Duration STALL_AFTER = Duration.ofMinutes(1);

  private final RaceUpdateCodec codec = new RaceUpdateCodec();
  private final KafkaConsumer<String, byte[]> consumer;
  private final LiveUpdates updates;
  private final byte[] ownOrigin;
  private final Thread thread;
  private final RunnerState state = new RunnerState("race-updates listener", STALL_AFTER);

  /** A listener of a replica that sends no changes of its own. */
  public RaceUpdatesListener(String kafkaServers, String topic, LiveUpdates updates) {
    this(kafkaServers, topic, updates, null);
  }

  /**
   * @param ownOrigin the {@link RaceUpdatesPublisher#origin()} of this replica: its records are
   *     left out (null: none)
   */
  public RaceUpdatesListener(String kafkaServers, String topic, LiveUpdates updates,
      String ownOrigin) {
    Properties p = KafkaClients.consumer(kafkaServers, "lts-api-" + UUID.randomUUID(), "lts-api");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    this.consumer = new KafkaConsumer<>(p);
    this.updates = updates;
    this.ownOrigin = ownOrigin == null ? null : ownOrigin.getBytes(StandardCharsets.UTF_8);
    state.starting();
    updates.feedFrom(state::health);
    consumer.subscribe(List.of(topic == null ? Topics.RACE_UPDATES : topic));
    this.thread = new Thread(this::loop, "race-updates");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    state.running();
    try {
      while (!state.stopping()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!fromHere(r)) {
            forward(r);
          }
        }
        state.beat();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("race-updates listener failed: {}", e.toString(), e);
      state.failed(e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
      state.stopped();
    }
  }

  private void forward(ConsumerRecord<String, byte[]> r) {
    RaceUpdate update;
    try {
      update = codec.decode(r.value());
    } catch (IllegalArgumentException e) {
      log.warn("race-updates {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(),
          e.getMessage());
      return;
    }
    if (update.at() != null) {
      updates.clocks().heard(update.eventCode().value(), update.at());
    }
    updates.publish(update.eventCode().value(),
        new String(codec.encode(update), StandardCharsets.UTF_8));
  }

  private boolean fromHere(ConsumerRecord<String, byte[]> r) {
    Header origin = r.headers().lastHeader(RaceUpdatesPublisher.ORIGIN_HEADER);
    return ownOrigin != null && origin != null && Arrays.equals(ownOrigin, origin.value());
  }

  @Override
  public void close() {
    state.requestStop();
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
