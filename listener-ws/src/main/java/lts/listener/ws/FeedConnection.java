package lts.listener.ws;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the feed: the websocket handshake (Origin and User-Agent headers, connect
 * timeout), then the pump that forwards each whole text frame to the {@link Outlet} and asks for
 * the next message only once the outlet took it (backpressure), pings a silent feed and drops it
 * when presumed dead ({@link Silence}), until the server closes, the connection fails or the
 * listener stops. {@link #run()} returns why it ended. Made once per attempt.
 */
final class FeedConnection {

  /** Where the frames of the feed go. */
  interface Outlet {

    /** Takes one frame; may block while it cannot (backpressure). */
    void forward(String frame, long receivedAtMs) throws InterruptedException;

    /** Called between messages: the records whose delivery failed are sent again. */
    void resendFailed() throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);
  private static final long POLL_MS = 250;
  private static final ByteBuffer PING = ByteBuffer.wrap("lts".getBytes(StandardCharsets.US_ASCII));

  private final WsListener.Config config;
  private final HttpClient http;
  private final String eventCode;
  private final ListenerMeters meters;
  private final Outlet outlet;
  private final BooleanSupplier stopping;
  private final Silence silence;
  private final BlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
  private final FeedSession session;

  FeedConnection(WsListener.Config config, HttpClient http, String eventCode,
      ListenerMeters meters, Outlet outlet, BooleanSupplier stopping) {
    this.config = config;
    this.http = http;
    this.eventCode = eventCode;
    this.meters = meters;
    this.outlet = outlet;
    this.stopping = stopping;
    this.silence = new Silence(config.pingAfter(), config.idleTimeout());
    this.session = new FeedSession(events, config.maxFrameChars());
  }

  /** Makes {@link #run()} close the websocket and return (the caller set its stopping flag). */
  void stop() {
    events.offer(new FeedEvent.Stop());
  }

  /** Connects, forwards frames until the connection ends; returns why it ended. */
  String run() throws InterruptedException {
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
    long connection = meters.connected();
    long openedMs = System.currentTimeMillis();
    long framesBefore = meters.framesReceived();
    log.info("websocket {}: connected (connection {}{}), event code '{}'", config.uri(),
        connection, connection > 1 ? ", reconnect " + (connection - 1) : "", eventCode);
    String reason;
    try {
      reason = pump(ws);
    } finally {
      meters.disconnected();
      ws.abort();
    }
    forwardLeftovers();
    return reason + " after "
        + ReadableDuration.of(Duration.ofMillis(System.currentTimeMillis() - openedMs))
        + " and " + (meters.framesReceived() - framesBefore) + " frames";
  }

  private WebSocket awaitOpen(CompletableFuture<WebSocket> opening)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos() + 5_000_000_000L;
    while (true) {
      if (stopping.getAsBoolean()) {
        opening.cancel(true);
        opening.thenAccept(WebSocket::abort);
        return null;
      }
      try {
        return opening.get(POLL_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          opening.cancel(true);
          opening.thenAccept(WebSocket::abort);
          throw new ExecutionException(new TimeoutException(
              "no websocket handshake within " + ReadableDuration.of(config.connectTimeout())));
        }
      } catch (CancellationException e) {
        throw new ExecutionException(e);
      }
    }
  }

  private String pump(WebSocket ws) throws InterruptedException {
    long lastHeardNs = System.nanoTime();
    long lastPingNs = 0;
    CompletableFuture<WebSocket> ping = null;
    while (true) {
      if (stopping.getAsBoolean()) {
        closeGracefully(ws);
        return "listener stopping";
      }
      outlet.resendFailed();
      FeedEvent event = events.poll(POLL_MS, TimeUnit.MILLISECONDS);
      if (event == null) {
        if (ping != null && ping.isCompletedExceptionally()) {
          try {
            ping.join();
          } catch (RuntimeException e) {
            return "ping failed (" + describe(e) + ")";
          }
        }
        long silentNs = System.nanoTime() - Math.max(lastHeardNs, session.lastHeardNs());
        if (silence.presumedDead(silentNs)) {
          return "no message nor pong for " + ReadableDuration.of(Duration.ofNanos(silentNs))
              + " (connection presumed dead)";
        }
        if (silence.pingDue(silentNs, System.nanoTime() - lastPingNs,
            ping != null && !ping.isDone())) {
          lastPingNs = System.nanoTime();
          ping = ws.sendPing(PING.duplicate());
          log.debug("websocket silent for {}: ping sent",
              ReadableDuration.of(Duration.ofNanos(silentNs)));
        }
        continue;
      }
      String ended = handle(ws, event);
      if (ended != null) {
        return ended;
      }
      lastHeardNs = System.nanoTime();
    }
  }

  /** Handles one message; returns why the connection ended, or null when it goes on. */
  private String handle(WebSocket ws, FeedEvent event) throws InterruptedException {
    if (event instanceof FeedEvent.Frame frame) {
      meters.frameReceived();
      outlet.forward(frame.text(), frame.receivedAtMs());
      ws.request(1);
    } else if (event instanceof FeedEvent.Binary binary) {
      meters.binaryIgnored();
      log.warn("websocket {}: binary message of {} bytes ignored (Apex sends text)",
          config.uri(), binary.bytes());
      ws.request(1);
    } else if (event instanceof FeedEvent.TooLarge) {
      meters.frameTooLarge();
      log.error("websocket {}: text frame of more than {} characters skipped (event {})",
          config.uri(), config.maxFrameChars(), eventCode);
      ws.request(1);
    } else if (event instanceof FeedEvent.Closed closed) {
      return closed.code() == 1006 ? "connection lost without a close frame (code 1006)"
          : "closed by the server (code " + closed.code()
              + (closed.reason().isEmpty() ? "" : ", reason '" + closed.reason() + "'") + ")";
    } else if (event instanceof FeedEvent.Failed failed) {
      return "connection failed: " + describe(failed.error());
    } else if (event instanceof FeedEvent.Stop) {
      closeGracefully(ws);
      return "listener stopping";
    }
    return null;
  }

  /** A frame that came just before the connection ended is forwarded like any other. */
  private void forwardLeftovers() throws InterruptedException {
    FeedEvent event;
    while ((event = events.poll()) != null) {
      if (event instanceof FeedEvent.Frame frame) {
        meters.frameReceived();
        outlet.forward(frame.text(), frame.receivedAtMs());
      }
    }
  }

  private static void closeGracefully(WebSocket ws) {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "listener stopping").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("close handshake not completed: {}", e.toString());
    }
  }

  /** Why a connect or a connection failed, in a few words. */
  static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof WebSocketHandshakeException refused) {
      return "handshake refused with HTTP " + refused.getResponse().statusCode();
    }
    String message = cause.getMessage();
    for (Throwable c = cause.getCause(); message == null && c != null; c = c.getCause()) {
      message = c.getMessage();
    }
    if (message == null && cause instanceof ConnectException) {
      message = "connection refused";
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
