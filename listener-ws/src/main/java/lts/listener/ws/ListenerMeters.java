package lts.listener.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import lts.kafka.DeliveryTally;

/**
 * The websocket listener's meters, tagged {@code runner=ws-listener}: counters
 * {@code frames_received}, {@code records_acked}, {@code send_failures}, {@code reconnects},
 * {@code binary_frames_ignored}, {@code frames_too_large}, {@code records_lost}; gauges
 * {@code records_pending} and {@code websocket_connected}. Also when the feed was last
 * disconnected. The Kafka side reports through {@link DeliveryTally}.
 */
final class ListenerMeters implements DeliveryTally {

  private final MeterRegistry registry;
  private final Counter framesReceived;
  private final Counter recordsAcked;
  private final Counter sendFailures;
  private final Counter reconnects;
  private final Counter binaryIgnored;
  private final Counter tooLarge;
  private final Counter recordsLost;
  private final AtomicLong connectedGauge = new AtomicLong();
  private volatile long connections;
  private volatile long attempts;
  private volatile long disconnectedSinceMs = System.currentTimeMillis();

  ListenerMeters(MeterRegistry registry) {
    this.registry = registry;
    framesReceived = counter("frames_received", "websocket text frames received");
    recordsAcked = counter("records_acked", "records acknowledged by Kafka");
    sendFailures = counter("send_failures",
        "records whose delivery to Kafka failed (each is sent again)");
    reconnects = counter("reconnects", "websocket connections made after the first");
    binaryIgnored = counter("binary_frames_ignored", "binary websocket messages ignored");
    tooLarge = counter("frames_too_large", "text frames longer than the limit, skipped");
    recordsLost = counter("records_lost",
        "records given up: Kafka can never take them, or still unsent at stop");
    Gauge.builder("websocket_connected", connectedGauge, AtomicLong::get)
        .description("1 when the websocket is open").tag("runner", WsListener.SOURCE)
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("runner", WsListener.SOURCE)
        .register(registry);
  }

  /** Registers {@code records_pending}, read from {@code publisher}. */
  <T> void gaugePending(T publisher, ToDoubleFunction<T> pending) {
    Gauge.builder("records_pending", publisher, pending)
        .description("records handed to the Kafka producer, not yet acknowledged")
        .tag("runner", WsListener.SOURCE).register(registry);
  }

  @Override
  public void acknowledged() {
    recordsAcked.increment();
  }

  @Override
  public void failed() {
    sendFailures.increment();
  }

  @Override
  public void lost(long records) {
    recordsLost.increment(records);
  }

  void frameReceived() {
    framesReceived.increment();
  }

  void binaryIgnored() {
    binaryIgnored.increment();
  }

  void frameTooLarge() {
    tooLarge.increment();
  }

  /** A connection opened; returns its number (1 for the first). */
  long connected() {
    long number = ++connections; // only the listener's thread connects
    if (number > 1) {
      reconnects.increment();
    }
    connectedGauge.set(1);
    return number;
  }

  /** A connection attempt ended (refused, failed, or closed after it opened). */
  void attemptEnded() {
    attempts++; // only the listener's thread connects
  }

  void disconnected() {
    connectedGauge.set(0);
    disconnectedSinceMs = System.currentTimeMillis();
  }

  long framesReceived() {
    return (long) framesReceived.count();
  }

  long recordsAcked() {
    return (long) recordsAcked.count();
  }

  long sendFailures() {
    return (long) sendFailures.count();
  }

  long reconnects() {
    return (long) reconnects.count();
  }

  long binaryFramesIgnored() {
    return (long) binaryIgnored.count();
  }

  long framesTooLarge() {
    return (long) tooLarge.count();
  }

  long recordsLost() {
    return (long) recordsLost.count();
  }

  long connections() {
    return connections;
  }

  long attempts() {
    return attempts;
  }

  boolean isConnected() {
    return connectedGauge.get() == 1;
  }

  long disconnectedSinceMs() {
    return disconnectedSinceMs;
  }
}
