package lts.listener.ws;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.contracts.Topics;
import lts.kafka.FrameEncoding;
import lts.kafka.KafkaClients;
import lts.kafka.KafkaFramePublisher;
import lts.kafka.PublishSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to an Apex Timing websocket and writes every text frame, as it came, to Kafka: one record
 * per frame on the topic (default {@code raw-messages}), key = event code, value = the JSON
 * {@link Envelope} {@code (eventCode, frame, "ws-listener", receivedAtMs)}.
 *
 * <p>What it promises (see {@code ../shared/docs/reliability.md}):
 * <ul>
 *   <li><b>Never stops on its own.</b> After any close (clean or not), error, failed connect, failed
 *       ping or a silent connection (no data nor pong for {@link Config#idleTimeout()}; a ping goes
 *       out after {@link Config#pingAfter()} of silence), it reconnects with a
 *       backoff of 1 s doubling to 60 s, reset after a connection that lived more than 60 s. Each
 *       connect and close is logged with its reason. Apex re-sends a full snapshot after each
 *       connect; the parser merges it.</li>
 *   <li><b>Backpressure, no silent drop.</b> The next websocket message is requested only after
 *       the current frame was handed to the Kafka producer (which buffers up to 64 MiB while the
 *       broker is away). When the producer cannot take it ({@code send} blocks for
 *       {@code max.block.ms} and fails: no metadata, buffer full), the frame is held and sent again,
 *       logging {@code Kafka unreachable, holding N frames}; meanwhile nothing more is read from the
 *       socket (TCP pushes back on the server).</li>
 *   <li>A record whose delivery finally fails (after the producer's 5 min delivery timeout) is
 *       logged with the event code, counted ({@code send_failures}) and sent again, up to
 *       {@value #MAX_ATTEMPTS} times; a record Kafka can never take (too large, topic invalid, not
 *       authorised) is logged and counted in {@code records_lost} at once.</li>
 *   <li>Binary messages are not Apex frames: they are ignored and counted
 *       ({@code binary_frames_ignored}); any text, even garbage, is forwarded (the parser judges).
 *       A message sent in several websocket fragments becomes one record.</li>
 * </ul>
 *
 * <p>Counters in the {@link MeterRegistry}: {@code frames_received}, {@code records_acked},
 * {@code send_failures}, {@code reconnects}, {@code binary_frames_ignored},
 * {@code frames_too_large}, {@code records_lost}; gauges {@code records_pending} (handed to the
 * producer, not yet acknowledged) and {@code websocket_connected}.
 *
 * <p>{@link #run()} blocks until {@link #stop()} (from another thread); it then closes the
 * websocket, waits up to {@link Config#closeTimeout()} for the producer to deliver what it holds,
 * and closes the producer, which it owns.
 *
 * <p>The parts: {@link FeedConnection} (one websocket connection: handshake, pump, silence,
 * frame assembly in {@link FeedSession}), {@link Backoff} (the wait between connections), the
 * shared {@link KafkaFramePublisher} in its holding mode (backpressure, re-sends, losses counted)
 * and {@link ListenerMeters}; this class connects them and runs the reconnect loop.
 */
public final class WsListener {

  /** The {@code source} of the envelopes it writes. */
  public static final String SOURCE = "ws-listener";

  /** How many times a record whose delivery failed is sent again before it is given up. */
  public static final int MAX_ATTEMPTS = PublishSettings.RESENDING_ATTEMPTS;

  private static final Logger log = LoggerFactory.getLogger(WsListener.class);
  private static final long POLL_MS = 250;

  /**
   * What to listen to and how.
   *
   * @param uri {@code ws://} or {@code wss://} address of the feed
   * @param topic Kafka topic to write to
   * @param eventCode key and event code of every record; null for the default
   *     ({@link WebSocketUris#defaultEventCode}: host, port and the UTC date the listener starts)
   * @param origin {@code Origin} header of the handshake; null or blank for none
   * @param userAgent {@code User-Agent} header of the handshake; null or blank for Java's
   * @param sslContext TLS settings for {@code wss://}; null for the JVM's default (its trust store)
   * @param connectTimeout how long a connect (TCP, TLS and websocket handshake) may take
   * @param backoffInitial first wait before a reconnect
   * @param backoffMax longest wait before a reconnect
   * @param backoffResetAfter a connection that lived longer resets the wait to the first one
   * @param pingAfter silence after which a ping is sent (ZERO: never)
   * @param idleTimeout silence (no message, no pong) after which the connection is dropped and
   *     made again (ZERO: never); only counted while the listener is waiting for data. Needed:
   *     the JDK websocket client can miss the server's TCP close (its socket stays in
   *     CLOSE_WAIT, no onClose nor onError), seen about once in six abrupt disconnects here
   * @param closeTimeout on stop, how long to wait for Kafka to acknowledge what the producer holds
   * @param maxFrameChars longest frame kept; longer ones are logged, counted and skipped
   */
  public record Config(URI uri, String topic, String eventCode, String origin, String userAgent,
      SSLContext sslContext, Duration connectTimeout, Duration backoffInitial, Duration backoffMax,
      Duration backoffResetAfter, Duration pingAfter, Duration idleTimeout, Duration closeTimeout,
      int maxFrameChars) {

    /** Checks the values. */
    public Config {
      uri = WebSocketUris.check(Objects.requireNonNull(uri, "uri"));
      Objects.requireNonNull(topic, "topic");
      if (topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be blank");
      }
      if (eventCode != null && eventCode.isBlank()) {
        throw new IllegalArgumentException("eventCode must not be blank (null for the default)");
      }
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(pingAfter, "pingAfter");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      new Backoff(backoffInitial, backoffMax, backoffResetAfter); // validates
      if (maxFrameChars < 1) {
        throw new IllegalArgumentException("maxFrameChars must be positive");
      }
    }

    /**
     * The defaults for a feed: topic {@code raw-messages}, default event code, no Origin, Java's
     * User-Agent, default TLS, connect timeout 20 s, backoff 1 s doubling to 60 s reset after
     * 60 s, ping after 15 s of silence, reconnect after 60 s of silence, 20 s to deliver on stop,
     * frames up to 16 Mi characters.
     */
    public static Config of(URI uri) {
      return new Config(uri, Topics.RAW_MESSAGES, null, null, null, null, Duration.ofSeconds(20),
          Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60),
          Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(20), 16 << 20);
    }

    public Config withTopic(String topic) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    public Config withEventCode(String eventCode) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    /** The Origin and User-Agent headers (null or blank: not sent). */
    public Config withHeaders(String origin, String userAgent) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    public Config withSslContext(SSLContext sslContext) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    public Config withBackoff(Duration initial, Duration max, Duration resetAfter) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          initial, max, resetAfter, pingAfter, idleTimeout, closeTimeout, maxFrameChars);
    }

    /** Ping after {@code pingAfter} of silence, reconnect after {@code idleTimeout} (ZERO: never). */
    public Config withSilence(Duration pingAfter, Duration idleTimeout) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    public Config withCloseTimeout(Duration closeTimeout) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }

    public Config withMaxFrameChars(int maxFrameChars) {
      return new Config(uri, topic, eventCode, origin, userAgent, sslContext, connectTimeout,
          backoffInitial, backoffMax, backoffResetAfter, pingAfter, idleTimeout, closeTimeout,
          maxFrameChars);
    }
  }

  private final Config config;
  private final String eventCode;
  private final HttpClient http;
  private final Backoff backoff;
  private final ListenerMeters meters;
  private final KafkaFramePublisher publisher;
  private final CountDownLatch stopLatch = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile FeedConnection current;
  private volatile String lastCloseReason = "not connected yet";
  private volatile boolean finished;

  /**
   * A listener writing with {@code producer} (which it closes when {@link #run()} returns).
   *
   * @param registry where the counters go; null for a private one
   */
  public WsListener(Config config, Producer<String, byte[]> producer, MeterRegistry registry) {
    this(config, producer, registry, Clock.systemUTC());
  }

  WsListener(Config config, Producer<String, byte[]> producer, MeterRegistry registry, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(producer, "producer");
    this.eventCode = config.eventCode() != null ? config.eventCode()
        : WebSocketUris.defaultEventCode(config.uri(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    this.http = httpClient(config);
    this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(),
        config.backoffResetAfter());
    this.meters = new ListenerMeters(registry == null ? new SimpleMeterRegistry() : registry);
    EnvelopeCodec codec = new EnvelopeCodec();
    FrameEncoding envelopes = (code, frame, at) -> codec.encode(Envelope.of(code, frame, SOURCE, at));
    this.publisher = new KafkaFramePublisher(producer,
        PublishSettings.resending(config.topic(), config.closeTimeout()), envelopes, meters);
    meters.gaugePending(publisher, KafkaFramePublisher::pending);
  }

  /**
   * A listener with its own idempotent producer ({@link KafkaClients#producer}, client id
   * {@code ws-listener}, requests up to 8 MiB so that a large grid frame still fits once
   * compressed).
   */
  public static WsListener create(Config config, String kafkaServers, MeterRegistry registry) {
    return new WsListener(config, new KafkaProducer<>(producerSettings(kafkaServers)), registry);
  }

  /** The producer settings {@link #create} uses. */
  public static Properties producerSettings(String kafkaServers) {
    Properties p = KafkaClients.producer(kafkaServers, SOURCE);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    return p;
  }

  /**
   * The HTTP client the listener connects with: HTTP/1.1 (websocket handshakes are), TLS for
   * {@code wss://} with the given or the default {@link SSLContext}.
   */
  public static HttpClient httpClient(Config config) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout());
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    return builder.build();
  }

  /** The event code every record gets. */
  public String eventCode() {
    return eventCode;
  }

  public Config config() {
    return config;
  }

  /** The HTTP client used (TLS settings included). */
  public HttpClient http() {
    return http;
  }

  public long framesReceived() {
    return meters.framesReceived();
  }

  public long recordsAcked() {
    return meters.recordsAcked();
  }

  public long sendFailures() {
    return meters.sendFailures();
  }

  public long reconnects() {
    return meters.reconnects();
  }

  public long binaryFramesIgnored() {
    return meters.binaryFramesIgnored();
  }

  public long framesTooLarge() {
    return meters.framesTooLarge();
  }

  public long recordsLost() {
    return meters.recordsLost();
  }

  /** Records handed to the producer and not yet acknowledged. */
  public long recordsPending() {
    return publisher.pending();
  }

  /** Websocket connections opened so far. */
  public long connections() {
    return meters.connections();
  }

  /** Times the producer refused a frame for now (Kafka unreachable: the frame is held). */
  public long handOffsRefused() {
    return publisher.refusals();
  }

  /** Connection attempts ended so far (refused, failed, or closed after they opened). */
  public long attempts() {
    return meters.attempts();
  }

  public boolean isConnected() {
    return meters.isConnected();
  }

  /** True when the producer is refusing frames (Kafka unreachable) and one is held. */
  public boolean isHolding() {
    return publisher.isHolding();
  }

  /** Null when healthy; else what is wrong (disconnected for more than 30 s, Kafka unreachable). */
  public String health() {
    if (finished) {
      return "stopped";
    }
    String holding = publisher.holdingProblem();
    if (holding != null) {
      return holding;
    }
    long now = System.currentTimeMillis();
    long disconnectedSinceMs = meters.disconnectedSinceMs();
    if (!isConnected() && now - disconnectedSinceMs > 30_000) {
      return "websocket " + config.uri() + " disconnected for " + (now - disconnectedSinceMs) / 1000
          + " s (" + lastCloseReason + "), reconnecting";
    }
    return null;
  }

  /** Asks {@link #run()} to close the websocket, deliver what it holds and return. */
  public void stop() {
    stopping = true;
    publisher.stopHolding();
    stopLatch.countDown();
    FeedConnection connection = current;
    if (connection != null) {
      connection.stop();
    }
  }

  /**
   * Listens until {@link #stop()}: connects, forwards frames, reconnects with backoff, forever.
   *
   * @throws InterruptedException when the thread is interrupted (the producer is still closed)
   */
  public void run() throws InterruptedException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a WsListener runs once");
    }
    log.info("ws-listener: {} -> Kafka topic '{}', event code '{}'", config.uri(), config.topic(),
        eventCode);
    FeedConnection.Outlet outlet = new FeedConnection.Outlet() {
      @Override
      public void forward(String frame, long receivedAtMs) throws InterruptedException {
        publisher.hold(eventCode, frame, receivedAtMs);
      }

      @Override
      public void resendFailed() throws InterruptedException {
        publisher.sendResends();
      }
    };
    try {
      while (!stopping) {
        long startNs = System.nanoTime();
        FeedConnection connection =
            new FeedConnection(config, http, eventCode, meters, outlet, () -> stopping);
        current = connection;
        String reason = connection.run();
        meters.attemptEnded();
        Duration lived = Duration.ofNanos(System.nanoTime() - startNs);
        if (stopping) {
          break;
        }
        lastCloseReason = reason;
        Duration wait = backoff.after(lived);
        log.info("websocket {}: {}; reconnecting in {}", config.uri(), reason,
            ReadableDuration.of(wait));
        waitForResends(wait);
      }
    } finally {
      publisher.close();
      finished = true;
      log.info("ws-listener stopped: {} frames received, {} records acknowledged, {} send failures,"
          + " {} reconnects, {} lost", framesReceived(), recordsAcked(), sendFailures(),
          reconnects(), recordsLost());
    }
  }

  /** Waits before a reconnect; sends the records whose delivery failed meanwhile. */
  private void waitForResends(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!stopping) {
      publisher.sendResends();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      stopLatch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)), TimeUnit.NANOSECONDS);
    }
  }
}
