package lts.parser.runner;

import java.util.Properties;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The Kafka client settings of the parser, on top of {@link KafkaClients}. */
final class ParserClients {

  private ParserClients() {
  }

  /** The transactional producer of the events and error envelopes. */
  static Properties producer(ParserConfig config) {
    return KafkaClients.transactionalProducer(config.servers(),
        config.transactionalId() + "-producer", config.transactionalId());
  }

  /** The group's consumer of the input topic. */
  static Properties consumer(ParserConfig config) {
    Properties p = KafkaClients.consumer(config.servers(), config.group(),
        config.transactionalId() + "-consumer");
    // static membership: a restarted instance takes its partitions back at once (and fences the
    // old member) instead of waiting for the session timeout
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    // a rebuild runs between two polls: room for a long history
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
    p.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, "660000");
    return p;
  }

  /** The reader of a rebuild: assign() only, never commits, large fetches. */
  static Properties rebuild(ParserConfig config) {
    Properties p = KafkaClients.consumer(config.servers(), config.group(),
        config.transactionalId() + "-rebuild");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    return p;
  }
}
