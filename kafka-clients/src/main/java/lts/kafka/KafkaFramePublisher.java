package lts.kafka;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a listener puts frames into Kafka: each frame becomes one record (key = event code,
 * value = the listener's {@link FrameEncoding}, its envelope) handed to an idempotent
 * {@code acks=all} producer ({@link KafkaClients#producer}), whose buffer is bounded: once full,
 * or while the broker is away with no metadata, {@code send} blocks for {@code max.block.ms} and
 * refuses the record.
 *
 * <p>Two ways to hand a frame over, one per kind of caller:
 * <ul>
 *   <li>{@link #send}/{@link #publish} (the REST listener): a refusal is told to the caller at
 *       once, as a {@link PublishException}; {@code publish} waits for the acknowledgement up to
 *       the ack timeout. The caller decides (HTTP 503, poll again).</li>
 *   <li>{@link #hold} (the websocket listener): while the producer refuses the frame for now, the
 *       frame is held and tried again every second, the caller blocked (backpressure: it reads
 *       nothing more from its feed), logging {@code Kafka unreachable, holding N frames}, until
 *       taken or {@link #stopHolding()}.</li>
 * </ul>
 * A record whose delivery fails later (after the producer's delivery timeout) is sent again, up
 * to {@link PublishSettings#maxAttempts()} attempts, by the next {@link #hold} or
 * {@link #sendResends} and before any newer frame (order is kept as far as possible); a record
 * Kafka can never take ({@link Refusal.ForGood}) is given up at once. Every record given up is
 * counted in the {@link DeliveryTally} and its future fails. Thread-safe, except that
 * {@code hold} and {@code sendResends} are called by one thread.
 */
public final class KafkaFramePublisher implements FramePublisher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaFramePublisher.class);

  /** A record, how many times it was sent, and what its sender waits for. */
  private record Outgoing(String eventCode, ProducerRecord<String, byte[]> record, int attempt,
      CompletableFuture<Void> acked) {

    Outgoing again() {
      return new Outgoing(eventCode, record, attempt + 1, acked);
    }

    int bytes() {
      return record.value().length;
    }
  }

  private final Producer<String, byte[]> producer;
  private final PublishSettings settings;
  private final FrameEncoding encoding;
  private final DeliveryTally tally;
  private final RecentProblem lastProblem = new RecentProblem();
  private final AtomicLong pending = new AtomicLong();
  private final Queue<Outgoing> resends = new ConcurrentLinkedQueue<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean closing;
  private volatile long holdingSinceMs;
  private final AtomicLong refusals = new AtomicLong();
  private volatile Outgoing heldFrame;

  /** Publishes with {@code producer}, which {@link #close()} closes. */
  public KafkaFramePublisher(Producer<String, byte[]> producer, PublishSettings settings,
      FrameEncoding encoding, DeliveryTally tally) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.tally = Objects.requireNonNull(tally, "tally");
  }

  public PublishSettings settings() {
    return settings;
  }

  public String topic() {
    return settings.topic();
  }

  @Override
  public CompletableFuture<Void> send(String eventCode, String frame, long receivedAtMs) {
    Outgoing out = outgoing(eventCode, frame, receivedAtMs);
    Exception refused = hand(out);
    if (refused != null) {
      tally.failed();
      giveUp(out, refused);
    }
    return out.acked();
  }

  /** Sends and waits for the acknowledgement up to the ack timeout (send included). */
  @Override
  public void publish(String eventCode, String frame, long receivedAtMs) throws PublishException {
    long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
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

  /**
   * Hands a frame to the producer, after the records whose delivery failed (oldest first); while
   * the producer refuses one for now (Kafka unreachable), holds it and tries again every second.
   * Returns once the producer took it (or refused it for good: counted lost), or at
   * {@link #stopHolding()}, when what is still held is counted lost.
   */
  public void hold(String eventCode, String frame, long receivedAtMs) throws InterruptedException {
    holdUntilTaken(outgoing(eventCode, frame, receivedAtMs));
  }

  /** Sends again the records whose delivery failed, holding them while Kafka is away. */
  public void sendResends() throws InterruptedException {
    if (!stopping && !resends.isEmpty()) {
      holdUntilTaken(null);
    }
  }

  /** Makes {@link #hold} return: what it still holds is lost; nothing is held any more. */
  public void stopHolding() {
    stopping = true;
    released.countDown();
  }

  private Outgoing outgoing(String eventCode, String frame, long receivedAtMs) {
    byte[] value = encoding.encode(eventCode, frame, receivedAtMs);
    return new Outgoing(eventCode, new ProducerRecord<>(settings.topic(), eventCode, value), 1,
        new CompletableFuture<>());
  }

  /** With {@code out} null, only the records whose delivery failed are sent again. */
  private void holdUntilTaken(Outgoing out) throws InterruptedException {
    while (true) {
      Outgoing resend = resends.peek(); // only this thread removes from the queue
      Outgoing next = resend != null ? resend : out;
      if (next == null) {
        return;
      }
      Exception error = hand(next);
      Refusal refusal = error == null ? null : Refusal.of(error);
      if (refusal == null || refusal instanceof Refusal.ForGood) {
        if (refusal != null) {
          tally.failed();
          log.error("frame of event '{}' ({} bytes) lost: Kafka refuses it for good: {}",
              next.eventCode(), next.bytes(), error.toString());
          giveUp(next, error);
        } else if (holdingSinceMs != 0) {
          log.info("Kafka reachable again after {} s: frames flowing",
              (System.currentTimeMillis() - holdingSinceMs) / 1000);
          holdingSinceMs = 0;
          heldFrame = null;
        }
        if (next == resend) {
          resends.poll();
          continue;
        }
        return;
      }
      heldFrame = out;
      refusals.incrementAndGet();
      if (holdingSinceMs == 0) {
        holdingSinceMs = System.currentTimeMillis();
      }
      log.warn("Kafka unreachable, holding {} frames (event '{}'): {}", held(out),
          next.eventCode(), error.getMessage());
      if (stopping) {
        loseHeldAtStop(out, next.eventCode());
        return;
      }
      released.await(1, TimeUnit.SECONDS); // send() already waited max.block.ms; do not spin
    }
  }

  private void loseHeldAtStop(Outgoing out, String eventCode) {
    long unsent = (out == null ? 0 : 1) + resends.size();
    tally.lost(unsent);
    PublishException stopped = new PublishException("stopped while Kafka was away", null);
    if (out != null) {
      out.acked().completeExceptionally(stopped);
    }
    Outgoing again;
    while ((again = resends.poll()) != null) {
      again.acked().completeExceptionally(stopped);
    }
    log.error("stopping while Kafka is unreachable: {} frames of event '{}' were never sent",
        unsent, eventCode);
    heldFrame = null;
  }

  /** Frames not yet safe in Kafka: in the producer, waiting to be sent again, and in hand. */
  private long held(Outgoing inHand) {
    return pending() + resends.size() + (inHand == null ? 0 : 1);
  }

  /**
   * Sends; returns why the producer refused the record right away (an error thrown, or given to
   * the callback inside {@code send} on this thread: no metadata, buffer full), or null once it
   * took it.
   */
  private Exception hand(Outgoing out) {
    Thread caller = Thread.currentThread();
    SyncRefusal refusal = new SyncRefusal();
    try {
      producer.send(out.record(), (metadata, error) -> {
        if (error != null && refusal.inSend && Thread.currentThread() == caller) {
          refusal.error = error; // refused inside send(): the caller decides
          return;
        }
        onDelivery(out, metadata, error);
      });
    } catch (KafkaException | IllegalStateException e) { // IllegalState: producer closed
      return e;
    } finally {
      refusal.inSend = false;
    }
    if (refusal.error != null) {
      return refusal.error;
    }
    pending.incrementAndGet(); // (an acknowledgement may have come first: pending() clamps at 0)
    return null;
  }

  private static final class SyncRefusal {
    volatile boolean inSend = true;
    volatile Exception error;
  }

  /** On the producer's I/O thread. */
  private void onDelivery(Outgoing out, RecordMetadata metadata, Exception error) {
    pending.decrementAndGet();
    if (error == null) {
      lastProblem.clear();
      tally.acknowledged();
      log.debug("frame of {} ({} bytes) on {}-{}@{}", out.eventCode(), out.bytes(),
          metadata.topic(), metadata.partition(), metadata.offset());
      out.acked().complete(null);
      return;
    }
    tally.failed();
    if (closing || Refusal.of(error) instanceof Refusal.ForGood
        || out.attempt() >= settings.maxAttempts()) {
      if (settings.maxAttempts() > 1) {
        String why = closing ? "not delivered before stop (" + error + ")" : error.toString();
        log.error("frame of event '{}' lost after {} attempt(s): {}", out.eventCode(),
            out.attempt(), why);
      }
      giveUp(out, error);
      return;
    }
    log.error("delivery of a frame of event '{}' failed (attempt {}): {}; sending it again",
        out.eventCode(), out.attempt(), error.toString());
    resends.add(out.again());
  }

  private void giveUp(Outgoing out, Exception error) {
    tally.lost(1);
    out.acked().completeExceptionally(translate(out, error));
  }

  private PublishException translate(Outgoing out, Exception error) {
    if (error instanceof RecordTooLargeException) {
      log.warn("frame of {} ({} bytes as an envelope) refused by Kafka as too large",
          out.eventCode(), out.bytes());
      return new PublishException("the frame is too large for Kafka", error, true);
    }
    if (error instanceof org.apache.kafka.common.errors.TimeoutException) {
      return failed(out.eventCode(), notAcknowledged(), error);
    }
    return failed(out.eventCode(), "Kafka refused the frame", error);
  }

  private String notAcknowledged() {
    return "Kafka did not acknowledge the frame within " + settings.ackTimeout().toMillis() + " ms";
  }

  /** The message (no exception class names: it may reach HTTP clients); the cause is logged. */
  private PublishException failed(String eventCode, String message, Throwable cause) {
    lastProblem.report(message, System.currentTimeMillis());
    log.warn("frame of {} not published to {}: {} ({})", eventCode, settings.topic(), message,
        cause == null ? "no cause" : cause.toString());
    return new PublishException(message, cause);
  }

  /** Records handed to the producer and not yet acknowledged. */
  public long pending() {
    return Math.max(0, pending.get());
  }

  /** How many times the producer refused a frame for now (Kafka unreachable) so far. */
  public long refusals() {
    return refusals.get();
  }

  /** True while {@link #hold} holds a frame the producer refuses (Kafka unreachable). */
  public boolean isHolding() {
    return holdingSinceMs != 0;
  }

  /** Null unless frames are held: then for how long and how many are not yet safe in Kafka. */
  public String holdingProblem() {
    long holding = holdingSinceMs;
    if (holding == 0) {
      return null;
    }
    return "Kafka unreachable for " + (System.currentTimeMillis() - holding) / 1000
        + " s, holding " + held(heldFrame) + " frames";
  }

  /**
   * The holding problem, else the last failure while it is recent (a minute, see
   * {@link RecentProblem}; an acknowledged frame clears it at once).
   */
  @Override
  public String health() {
    String holding = holdingProblem();
    if (holding != null) {
      return holding;
    }
    String problem = lastProblem.at(System.currentTimeMillis());
    return problem == null ? null : "kafka: " + problem;
  }

  /**
   * Sends the records whose delivery failed one last time (giving up on all of them at the first
   * refusal: Kafka is away, no need to wait {@code max.block.ms} for each), waits up to the close
   * timeout for Kafka to acknowledge what the producer holds, and closes the producer; a delivery
   * failing from now on is a loss, not a re-send.
   */
  @Override
  public void close() {
    Outgoing again;
    while ((again = resends.poll()) != null) {
      Exception refused = hand(again);
      if (refused != null) {
        long lost = 1 + resends.size();
        giveUp(again, refused);
        tally.lost(lost - 1);
        Outgoing rest;
        while ((rest = resends.poll()) != null) {
          rest.acked().completeExceptionally(new PublishException("lost at stop", refused));
        }
        log.error("{} frames of event '{}' lost at stop (Kafka unreachable): {}", lost,
            again.eventCode(), refused.toString());
      }
    }
    long waiting = pending();
    if (waiting > 0) {
      log.info("waiting up to {} ms for Kafka to acknowledge {} frames",
          settings.closeTimeout().toMillis(), waiting);
    }
    closing = true;
    try {
      producer.close(settings.closeTimeout());
    } catch (RuntimeException e) {
      log.warn("closing the Kafka producer: {}", e.toString());
    }
    if (pending() > 0) {
      log.error("{} frames were not acknowledged by Kafka before stop", pending());
    }
  }
}
