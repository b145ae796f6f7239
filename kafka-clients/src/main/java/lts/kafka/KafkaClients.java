package lts.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client settings every runner uses (keys are strings: the event code; values are bytes:
 * JSON). Producers never lose an acknowledged record: {@code acks=all}, idempotence, a bounded
 * but long delivery timeout (the broker may be away for minutes), a bounded buffer and then
 * backpressure ({@code send} blocks). Consumers commit by hand, only after the effect is durable.
 */
public final class KafkaClients {

  /** How long the producer keeps retrying a record while the broker is away. */
  public static final int DELIVERY_TIMEOUT_MS = 300_000;

  private KafkaClients() {
  }

  /** An idempotent producer's settings: key String, value byte[]. */
  public static Properties producer(String servers, String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // one request in flight: order is kept and no batch can overtake a refused first one
    // (KAFKA-15591 loses records sent to a fresh partition with several in flight)
    p.put("max.in.flight.requests.per.connection", "1");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT_MS));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
    return p;
  }

  /** A transactional producer's settings (consume-transform-produce, exactly once). */
  public static Properties transactionalProducer(String servers, String clientId, String transactionalId) {
    Properties p = producer(servers, clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put("transaction.timeout.ms", "60000");
    // Transaction protocol 2 (KIP-890, the default since Kafka 4.0): the coordinator answers
    // EndTxn once PREPARE_COMMIT is logged and writes the markers afterwards; until they are
    // written, the next transaction's TxnOffsetCommit gets CONCURRENT_TRANSACTIONS, and the
    // producer's I/O thread sleeps retry.backoff.ms (default 100 ms) before retrying it. A
    // consume-transform-produce loop starts its next transaction at once, so a quarter of the
    // parser's transactions paid those 100 ms (docs/PERFORMANCE.md; KAFKA-20000). The window is a
    // few ms: retry after 5 ms (2 ms measured worse: the extra retries load the broker, which
    // shares the CPUs). This also retries other coordinator errors every 5 ms (e.g. while a
    // restarted broker loads its transaction log); produce retries and metadata refreshes still
    // back off exponentially up to retry.backoff.max.ms (1 s) while a broker is away.
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    return p;
  }

  /**
   * A consumer's settings: manual commits, from the earliest record for a new group,
   * {@code read_committed} (never sees aborted transactional output).
   */
  public static Properties consumer(String servers, String group, String clientId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
    return p;
  }
}
