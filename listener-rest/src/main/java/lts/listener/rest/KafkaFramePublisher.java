package lts.listener.rest;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lts.kafka.KafkaClients;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes frames as {@link Envelope}s (source {@value #SOURCE}) keyed by event code, and waits
 * for the broker's acknowledgement ({@code acks=all}) up to a timeout. Thread-safe.
 */
public final class KafkaFramePublisher implements FramePublisher, AutoCloseable {

  /** The {@code source} of the envelopes this listener writes. */
  public static final String SOURCE = "rest-listener";

  /** The producer's {@code max.request.size}: room for a 1 MiB frame in its envelope. */
  static final int MAX_REQUEST_BYTES = 4 << 20;

  /** How long a failure keeps {@link #health()} DOWN without a new one. */
  static final long PROBLEM_SHOWN_MS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(KafkaFramePublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final long ackTimeoutMs;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private volatile String lastProblem;
  private volatile long lastProblemAt;

  /** Wraps a producer (closed by {@link #close()}). */
  public KafkaFramePublisher(Producer<String, byte[]> producer, String topic, Duration ackTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.ackTimeoutMs = ackTimeout.toMillis();
  }

  /**
   * An idempotent {@code acks=all} producer to {@code servers} (see {@link KafkaClients}) whose
   * {@code send} blocks at most {@code ackTimeout} when the broker is away.
   */
  public static KafkaFramePublisher create(String servers, String topic, Duration ackTimeout) {
    Properties p = KafkaClients.producer(servers, SOURCE);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.max(1, ackTimeout.toMillis())));
    // a 1 MiB frame plus its envelope (JSON escapes) must pass the producer's own size check;
    // the broker checks the compressed batch
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
    return new KafkaFramePublisher(new KafkaProducer<>(p), topic, ackTimeout);
  }

  @Override
  public CompletableFuture<Void> send(String eventCode, String frame, long receivedAtMs) {
    byte[] value = codec.encode(Envelope.of(eventCode, frame, SOURCE, receivedAtMs));
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic, eventCode, value), (meta, error) -> {
        if (error == null) {
          lastProblem = null;
          log.debug("frame of {} ({} chars) on {}-{}@{}", eventCode, frame.length(), meta.topic(),
              meta.partition(), meta.offset());
          done.complete(null);
        } else {
          done.completeExceptionally(translate(eventCode, value.length, error));
        }
      });
    } catch (KafkaException e) {
      done.completeExceptionally(translate(eventCode, value.length, e));
    }
    return done;
  }

  /** Sends and waits for the acknowledgement up to the ack timeout (send included). */
  @Override
  public void publish(String eventCode, String frame, long receivedAtMs) throws PublishException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
    CompletableFuture<Void> ack = send(eventCode, frame, receivedAtMs);
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // the producer may still deliver it: the caller is told it was not stored *yet*
      throw failed(eventCode, notAcknowledged(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PublishException ? (PublishException) e.getCause()
          : failed(eventCode, "Kafka refused the frame", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(eventCode, "interrupted while waiting for Kafka", e);
    }
  }

  private PublishException translate(String eventCode, int size, Exception error) {
    if (error instanceof RecordTooLargeException) {
      log.warn("frame of {} ({} bytes as an envelope) refused by Kafka as too large", eventCode,
          size);
      return new PublishException("the frame is too large for Kafka", error, true);
    }
    if (error instanceof org.apache.kafka.common.errors.TimeoutException) {
      return failed(eventCode, notAcknowledged(), error);
    }
    return failed(eventCode, "Kafka refused the frame", error);
  }

  private String notAcknowledged() {
    return "Kafka did not acknowledge the frame within " + ackTimeoutMs + " ms";
  }

  /** The message (no exception class names: it may reach HTTP clients); the cause is logged. */
  private PublishException failed(String eventCode, String message, Throwable cause) {
    lastProblemAt = System.currentTimeMillis();
    lastProblem = message;
    log.warn("frame of {} not published to {}: {} ({})", eventCode, topic, message, cause == null
        ? "no cause" : cause.toString());
    return new PublishException(message, cause);
  }

  /**
   * The last failure while it is recent ({@value #PROBLEM_SHOWN_MS} ms; an acknowledged frame
   * clears it at once): a load balancer that stops sending traffic on DOWN must not keep the
   * listener DOWN forever.
   */
  @Override
  public String health() {
    String problem = lastProblem;
    if (problem == null || System.currentTimeMillis() - lastProblemAt > PROBLEM_SHOWN_MS) {
      return null;
    }
    return "kafka: " + problem;
  }

  public String topic() {
    return topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
