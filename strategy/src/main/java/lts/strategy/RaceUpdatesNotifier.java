package lts.strategy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import lts.contracts.EventCode;
import lts.contracts.RaceUpdate;
import lts.contracts.RaceUpdateCodec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After each commit, a {@link RaceUpdate} per session whose rows changed goes to
 * {@code race-updates}, keyed by event code, with the tables changed and the feed instant of the
 * last event applied ({@link RaceUpdateCodec}). A notification that cannot be sent is logged:
 * the database has the rows, the api finds them at its next read.
 */
final class RaceUpdatesNotifier {

  private static final Logger log = LoggerFactory.getLogger(RaceUpdatesNotifier.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final RaceUpdateCodec codec = new RaceUpdateCodec();

  RaceUpdatesNotifier(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /**
   * The update of a session's changed tables at feed time {@code at}; empty for a feed whose code
   * is not a valid {@link EventCode} (no api can ask for it).
   */
  static Optional<RaceUpdate> update(SessionKey session, Set<String> tables, Long at) {
    return EventCode.parse(session.eventCode())
        .map(code -> new RaceUpdate(code, session.session(), List.copyOf(tables), at));
  }

  /** Publishes the updates, in order (asynchronously: the commit never waits for Kafka). */
  void publish(List<RaceUpdate> updates) {
    for (RaceUpdate u : updates) {
      try {
        producer.send(new ProducerRecord<>(topic, u.eventCode().value(), codec.encode(u)),
            (meta, error) -> {
              if (error != null) {
                log.warn("metrics: cannot publish to {}: {}", topic, error.toString());
              }
            });
      } catch (RuntimeException e) {
        log.warn("metrics: cannot publish to {}: {}", topic, e.toString());
      }
    }
  }
}
