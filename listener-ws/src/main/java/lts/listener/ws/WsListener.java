package lts.listener.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
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
 */
public final class WsListener {

  /** The {@code source} of the envelopes it writes. */
  public static final String SOURCE = "ws-listener";

  /** How many times a record whose delivery failed is sent again before it is given up. */
  public static final int MAX_ATTEMPTS = 100;

  private static final Logger log = LoggerFactory.getLogger(WsListener.class);
  private static final long POLL_MS = 250;
  private static final ByteBuffer PING = ByteBuffer.wrap("lts".getBytes(StandardCharsets.US_ASCII));

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
  private final Producer<String, byte[]> producer;
  private final HttpClient http;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Backoff backoff;

  private final Counter framesReceived;
  private final Counter recordsAcked;
  private final Counter sendFailures;
  private final Counter reconnects;
  private final Counter binaryIgnored;
  private final Counter tooLarge;
  private final Counter recordsLost;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong connectedGauge = new AtomicLong();

  private final Queue<Outgoing> resends = new ConcurrentLinkedQueue<>();
  private final CountDownLatch stopLatch = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile boolean closingProducer;
  private volatile BlockingQueue<Event> currentEvents;
  private volatile long connections;
  private volatile long disconnectedSinceMs = System.currentTimeMillis();
  private volatile String lastCloseReason = "not connected yet";
  private volatile long holdingSinceMs;
  private volatile Outgoing heldFrame;
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
    this.producer = Objects.requireNonNull(producer, "producer");
    this.eventCode = config.eventCode() != null ? config.eventCode()
        : WebSocketUris.defaultEventCode(config.uri(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    this.http = httpClient(config);
    this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(),
        config.backoffResetAfter());
    MeterRegistry meters = registry == null ? new SimpleMeterRegistry() : registry;
    framesReceived = counter(meters, "frames_received", "websocket text frames received");
    recordsAcked = counter(meters, "records_acked", "records acknowledged by Kafka");
    sendFailures = counter(meters, "send_failures",
        "records whose delivery to Kafka failed (each is sent again)");
    reconnects = counter(meters, "reconnects", "websocket connections made after the first");
    binaryIgnored = counter(meters, "binary_frames_ignored", "binary websocket messages ignored");
    tooLarge = counter(meters, "frames_too_large", "text frames longer than the limit, skipped");
    recordsLost = counter(meters, "records_lost",
        "records given up: Kafka can never take them, or still unsent at stop");
    Gauge.builder("records_pending", pending, p -> Math.max(0, p.get()))
        .description("records handed to the Kafka producer, not yet acknowledged")
        .tag("runner", SOURCE).register(meters);
    Gauge.builder("websocket_connected", connectedGauge, AtomicLong::get)
        .description("1 when the websocket is open").tag("runner", SOURCE).register(meters);
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

  private static Counter counter(MeterRegistry meters, String name, String description) {
    return Counter.builder(name).description(description).tag("runner", SOURCE).register(meters);
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
    return (long) framesReceived.count();
  }

  public long recordsAcked() {
    return (long) recordsAcked.count();
  }

  public long sendFailures() {
    return (long) sendFailures.count();
  }

  public long reconnects() {
    return (long) reconnects.count();
  }

  public long binaryFramesIgnored() {
    return (long) binaryIgnored.count();
  }

  public long framesTooLarge() {
    return (long) tooLarge.count();
  }

  public long recordsLost() {
    return (long) recordsLost.count();
  }

  /** Records handed to the producer and not yet acknowledged. */
  public long recordsPending() {
    return Math.max(0, pending.get());
  }

  /** Websocket connections opened so far. */
  public long connections() {
    return connections;
  }

  public boolean isConnected() {
    return connectedGauge.get() == 1;
  }

  /** True when the producer is refusing frames (Kafka unreachable) and one is held. */
  public boolean isHolding() {
    return holdingSinceMs != 0;
  }

  /** Null when healthy; else what is wrong (disconnected for more than 30 s, Kafka unreachable). */
  public String health() {
    if (finished) {
      return "stopped";
    }
    long now = System.currentTimeMillis();
    long holding = holdingSinceMs;
    if (holding != 0) {
      return "Kafka unreachable for " + (now - holding) / 1000 + " s, holding " + held(heldFrame)
          + " frames";
    }
    if (!isConnected() && now - disconnectedSinceMs > 30_000) {
      return "websocket " + config.uri() + " disconnected for " + (now - disconnectedSinceMs) / 1000
          + " s (" + lastCloseReason + "), reconnecting";
    }
    return null;
  }

  /** Asks {@link #run()} to close the websocket, deliver what it holds and return. */
  public void stop() {
    stopping = true;
    stopLatch.countDown();
    BlockingQueue<Event> events = currentEvents;
    if (events != null) {
      events.offer(new Stop());
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
    try {
      while (!stopping) {
        long startNs = System.nanoTime();
        String reason = connectAndPump();
        Duration lived = Duration.ofNanos(System.nanoTime() - startNs);
        if (stopping) {
          break;
        }
        lastCloseReason = reason;
        Duration wait = backoff.after(lived);
        log.info("websocket {}: {}; reconnecting in {}", config.uri(), reason, human(wait));
        waitForResends(wait);
      }
    } finally {
      closeProducer();
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
      sendResends();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      stopLatch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)), TimeUnit.NANOSECONDS);
    }
  }

  /** One connection: connects, forwards frames until it ends; returns why it ended. */
  private String connectAndPump() throws InterruptedException {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Session session = new Session(events, config.maxFrameChars());
    currentEvents = events;
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(config.connectTimeout());
    if (config.origin() != null && !config.origin().isBlank()) {
      builder.header("Origin", config.origin());
    }
    if (config.userAgent() != null && !config.userAgent().isBlank()) {
      builder.header("User-Agent", config.userAgent());
    }
    log.debug("connecting to {}", config.uri());
    CompletableFuture<WebSocket> opening = builder.buildAsync(config.uri(), session);
    WebSocket ws;
    try {
      ws = awaitOpen(opening);
    } catch (ExecutionException e) {
      return "cannot connect: " + describe(e.getCause());
    }
    if (ws == null) {
      return "stopping";
    }
    connections++;
    if (connections > 1) {
      reconnects.increment();
    }
    connectedGauge.set(1);
    long openedMs = System.currentTimeMillis();
    long framesBefore = framesReceived();
    log.info("websocket {}: connected (connection {}{}), event code '{}'", config.uri(),
        connections, connections > 1 ? ", reconnect " + (connections - 1) : "", eventCode);
    String reason;
    try {
      reason = pump(ws, session, events);
    } finally {
      connectedGauge.set(0);
      disconnectedSinceMs = System.currentTimeMillis();
      ws.abort();
    }
    forwardLeftovers(events);
    return reason + " after " + human(Duration.ofMillis(System.currentTimeMillis() - openedMs))
        + " and " + (framesReceived() - framesBefore) + " frames";
  }

  private WebSocket awaitOpen(CompletableFuture<WebSocket> opening)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos() + 5_000_000_000L;
    while (true) {
      if (stopping) {
        opening.cancel(true);
        opening.thenAccept(WebSocket::abort);
        return null;
      }
      try {
        return opening.get(POLL_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          opening.cancel(true);
          opening.thenAccept(WebSocket::abort);
          throw new ExecutionException(new java.util.concurrent.TimeoutException(
              "no websocket handshake within " + human(config.connectTimeout())));
        }
      } catch (CancellationException e) {
        throw new ExecutionException(e);
      }
    }
  }

  private String pump(WebSocket ws, Session session, BlockingQueue<Event> events)
      throws InterruptedException {
    long lastHeardNs = System.nanoTime();
    CompletableFuture<WebSocket> ping = null;
    while (true) {
      if (stopping) {
        closeGracefully(ws);
        return "listener stopping";
      }
      sendResends();
      Event event = events.poll(POLL_MS, TimeUnit.MILLISECONDS);
      if (event == null) {
        if (ping != null && ping.isCompletedExceptionally()) {
          try {
            ping.join();
          } catch (RuntimeException e) {
            return "ping failed (" + describe(e) + ")";
          }
        }
        long heard = Math.max(lastHeardNs, session.lastHeardNs);
        long silentNs = System.nanoTime() - heard;
        if (!config.idleTimeout().isZero() && silentNs > config.idleTimeout().toNanos()) {
          return "no message nor pong for " + human(Duration.ofNanos(silentNs))
              + " (connection presumed dead)";
        }
        if (!config.pingAfter().isZero() && silentNs > config.pingAfter().toNanos()
            && (ping == null || ping.isDone())
            && System.nanoTime() - session.lastPingNs > config.pingAfter().toNanos()) {
          session.lastPingNs = System.nanoTime();
          ping = ws.sendPing(PING.duplicate());
          log.debug("websocket silent for {}: ping sent", human(Duration.ofNanos(silentNs)));
        }
        continue;
      }
      if (event instanceof Frame) {
        Frame frame = (Frame) event;
        framesReceived.increment();
        publish(frame.text(), frame.receivedAtMs());
        ws.request(1);
        lastHeardNs = System.nanoTime();
      } else if (event instanceof Binary) {
        binaryIgnored.increment();
        log.warn("websocket {}: binary message of {} bytes ignored (Apex sends text)",
            config.uri(), ((Binary) event).bytes());
        ws.request(1);
        lastHeardNs = System.nanoTime();
      } else if (event instanceof TooLarge) {
        tooLarge.increment();
        log.error("websocket {}: text frame of more than {} characters skipped (event {})",
            config.uri(), config.maxFrameChars(), eventCode);
        ws.request(1);
        lastHeardNs = System.nanoTime();
      } else if (event instanceof Closed) {
        Closed closed = (Closed) event;
        if (closed.code() == 1006) {
          return "connection lost without a close frame (code 1006)";
        }
        return "closed by the server (code " + closed.code()
            + (closed.reason().isEmpty() ? "" : ", reason '" + closed.reason() + "'") + ")";
      } else if (event instanceof Failed) {
        return "connection failed: " + describe(((Failed) event).error());
      } else if (event instanceof Stop) {
        closeGracefully(ws);
        return "listener stopping";
      }
    }
  }

  /** A frame that came just before the connection ended is forwarded like any other. */
  private void forwardLeftovers(BlockingQueue<Event> events) throws InterruptedException {
    Event event;
    while ((event = events.poll()) != null) {
      if (event instanceof Frame) {
        framesReceived.increment();
        publish(((Frame) event).text(), ((Frame) event).receivedAtMs());
      }
    }
  }

  private void closeGracefully(WebSocket ws) {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "listener stopping").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("close handshake not completed: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------------------------- Kafka side

  /** A record and how many times it was sent. */
  private record Outgoing(ProducerRecord<String, byte[]> record, int attempt) {
  }

  private void publish(String text, long receivedAtMs) throws InterruptedException {
    byte[] value = codec.encode(Envelope.of(eventCode, text, SOURCE, receivedAtMs));
    sendHolding(new Outgoing(new ProducerRecord<>(config.topic(), eventCode, value), 1));
  }

  private void sendResends() throws InterruptedException {
    if (!stopping && !resends.isEmpty()) {
      sendHolding(null);
    }
  }

  /**
   * Hands a record to the producer, after the records whose delivery failed (oldest first, to keep
   * the order as far as possible); while the producer refuses one for a transient reason (no
   * metadata, buffer full: Kafka unreachable), holds it and tries again. With {@code out} null,
   * only the failed records are sent again.
   */
  private void sendHolding(Outgoing out) throws InterruptedException {
    while (true) {
      Outgoing resend = resends.peek(); // only this thread removes from the queue
      Outgoing next = resend != null ? resend : out;
      if (next == null) {
        return;
      }
      Exception refused = trySend(next);
      if (refused == null || isPermanent(refused)) {
        if (refused != null) {
          sendFailures.increment();
          recordsLost.increment();
          log.error("frame of event '{}' ({} bytes) lost: Kafka refuses it for good: {}",
              eventCode, next.record().value().length, refused.toString());
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
      if (holdingSinceMs == 0) {
        holdingSinceMs = System.currentTimeMillis();
      }
      log.warn("Kafka unreachable, holding {} frames (event '{}'): {}", held(out),
          eventCode, refused.getMessage());
      if (stopping) {
        long unsent = (out == null ? 0 : 1) + resends.size();
        recordsLost.increment(unsent);
        resends.clear();
        log.error("stopping while Kafka is unreachable: {} frames of event '{}' were never sent",
            unsent, eventCode);
        heldFrame = null;
        return;
      }
      stopLatch.await(1, TimeUnit.SECONDS); // send() already waited max.block.ms; do not spin
    }
  }

  /** Frames not yet safe in Kafka: in the producer, waiting to be sent again, and in hand. */
  private long held(Outgoing inHand) {
    return recordsPending() + resends.size() + (inHand == null ? 0 : 1);
  }

  /** Sends; returns why the producer refused the record right away, or null once it took it. */
  private Exception trySend(Outgoing out) {
    Thread caller = Thread.currentThread();
    SyncRefusal refusal = new SyncRefusal();
    try {
      producer.send(out.record(), (metadata, error) -> {
        if (error != null && refusal.inSend && Thread.currentThread() == caller) {
          refusal.error = error; // refused inside send(): the caller holds and retries
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
      recordsAcked.increment();
      return;
    }
    sendFailures.increment();
    if (closingProducer || isPermanent(error) || out.attempt() >= MAX_ATTEMPTS) {
      recordsLost.increment();
      log.error("frame of event '{}' lost after {} attempt(s): {}", eventCode, out.attempt(),
          closingProducer ? "not delivered before stop (" + error + ")" : error.toString());
      return;
    }
    log.error("delivery of a frame of event '{}' failed (attempt {}): {}; sending it again",
        eventCode, out.attempt(), error.toString());
    resends.add(new Outgoing(out.record(), out.attempt() + 1));
  }

  private static boolean isPermanent(Exception e) {
    if (e instanceof RetriableException) {
      return false;
    }
    return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidTopicException || e instanceof AuthorizationException
        || e instanceof AuthenticationException || e instanceof SerializationException
        || e instanceof IllegalStateException; // producer closed
  }

  private void closeProducer() {
    Outgoing again;
    while ((again = resends.poll()) != null) {
      Exception refused = trySend(again);
      if (refused != null) { // Kafka is away: do not wait max.block.ms for each of the others
        long lost = 1 + resends.size();
        resends.clear();
        recordsLost.increment(lost);
        log.error("{} frames of event '{}' lost at stop (Kafka unreachable): {}", lost, eventCode,
            refused.toString());
      }
    }
    long waiting = recordsPending();
    if (waiting > 0) {
      log.info("waiting up to {} for Kafka to acknowledge {} frames", human(config.closeTimeout()),
          waiting);
    }
    closingProducer = true; // from now on a failed delivery is a loss, not a re-send
    try {
      producer.close(config.closeTimeout());
    } catch (RuntimeException e) {
      log.warn("closing the Kafka producer: {}", e.toString());
    }
    if (recordsPending() > 0) {
      log.error("{} frames of event '{}' were not acknowledged by Kafka before stop",
          recordsPending(), eventCode);
    }
  }

  // ------------------------------------------------------------------------------ websocket side

  private interface Event {
  }

  private record Frame(String text, long receivedAtMs) implements Event {
  }

  private record Binary(long bytes) implements Event {
  }

  private record TooLarge() implements Event {
  }

  private record Closed(int code, String reason) implements Event {
  }

  private record Failed(Throwable error) implements Event {
  }

  private record Stop() implements Event {
  }

  /**
   * Receives from the JDK websocket (on its threads) and queues whole messages for {@link #pump};
   * the next message is requested by the pump once a frame is with the producer.
   */
  private static final class Session implements WebSocket.Listener {
    private final BlockingQueue<Event> events;
    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private boolean textTooLong;
    private long binaryBytes;
    volatile long lastHeardNs = System.nanoTime();
    volatile long lastPingNs;

    Session(BlockingQueue<Event> events, int maxChars) {
      this.events = events;
      this.maxChars = maxChars;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeardNs = System.nanoTime();
      if (!textTooLong) {
        if (text.length() + data.length() > maxChars) {
          textTooLong = true;
          text.setLength(0);
          text.trimToSize();
        } else {
          text.append(data);
        }
      }
      if (!last) {
        webSocket.request(1); // the rest of this frame
        return null;
      }
      if (textTooLong) {
        events.add(new TooLarge());
      } else {
        events.add(new Frame(text.toString(), System.currentTimeMillis()));
      }
      textTooLong = false;
      text.setLength(0);
      if (text.capacity() > 1 << 20) {
        text.trimToSize();
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      lastHeardNs = System.nanoTime();
      binaryBytes += data.remaining();
      if (!last) {
        webSocket.request(1);
        return null;
      }
      events.add(new Binary(binaryBytes));
      binaryBytes = 0;
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastHeardNs = System.nanoTime();
      webSocket.request(1); // the JDK answers with a pong by itself
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastHeardNs = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      events.add(new Closed(statusCode, reason == null ? "" : reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      events.add(new Failed(error));
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  private static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof WebSocketHandshakeException) {
      return "handshake refused with HTTP "
          + ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }
    String message = cause.getMessage();
    for (Throwable c = cause.getCause(); message == null && c != null; c = c.getCause()) {
      message = c.getMessage();
    }
    if (message == null && cause instanceof java.net.ConnectException) {
      message = "connection refused";
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 120_000) {
      return (ms % 1000 == 0 ? String.valueOf(ms / 1000)
          : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }
    return (ms / 60_000) + " min " + (ms / 1000 % 60) + " s";
  }
}
