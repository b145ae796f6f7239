package lts.listener.ws;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import lts.recordings.RecordingReader;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A websocket server that plays a recording the way Apex Timing serves its live feed: every client
 * that connects (to any path) gets the frames of the recording from the start, one text message
 * per frame, with the recorded timing divided by the speed ({@link #MAX_SPEED}: as fast as the
 * client takes them), and again from the start when {@link Options#loop()} is set. Each client has
 * its own reader and thread: a slow or vanished client does not affect the others. Any recording
 * {@link RecordingReader} reads works (timestamp logs, JSON lines, LTS envelopes; gzipped or not).
 *
 * <pre>{@code
 * try (ReplayServer server = ReplayServer.start(file, 0, Options.speed(10), null)) {
 *   URI uri = server.uri(); // ws://localhost:PORT/
 * }
 * }</pre>
 */
public final class ReplayServer implements AutoCloseable {

  /** The speed that sends as fast as each client takes the frames. */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  private static final Logger log = LoggerFactory.getLogger(ReplayServer.class);

  /**
   * How to replay.
   *
   * @param speed how many times faster than recorded (10: ten times), {@link #MAX_SPEED} for no
   *     waiting at all
   * @param loop start again from the beginning after the last frame (else the client stays
   *     connected, idle, as Apex does after a session)
   * @param progressInterval how often the progress callback is called
   */
  public record Options(double speed, boolean loop, Duration progressInterval) {

    /** Checks the values. */
    public Options {
      if (!(speed > 0) || Double.isNaN(speed)) {
        throw new IllegalArgumentException("speed must be a positive number or max, not " + speed);
      }
      Objects.requireNonNull(progressInterval, "progressInterval");
      if (progressInterval.isNegative() || progressInterval.isZero()) {
        throw new IllegalArgumentException("progressInterval must be positive");
      }
    }

    /** At {@code speed}, no loop, progress every second. */
    public static Options speed(double speed) {
      return new Options(speed, false, Duration.ofSeconds(1));
    }

    public Options withLoop(boolean loop) {
      return new Options(speed, loop, progressInterval);
    }

    public Options withProgressInterval(Duration progressInterval) {
      return new Options(speed, loop, progressInterval);
    }
  }

  /**
   * Where the replay is, for a progress line.
   *
   * @param clients clients connected now
   * @param framesSent frames sent to every client since the server started
   * @param framesPerSecond frames sent per second (all clients) since the previous report
   * @param raceTimeMs recording time of the most advanced client's last frame, from the first
   *     frame of the recording; -1 when no client got a frame yet
   * @param frameTime recorded time of that frame; null when none
   * @param finishedClients clients that got the whole recording (at least once)
   */
  public record Progress(int clients, long framesSent, double framesPerSecond, long raceTimeMs,
      Instant frameTime, long finishedClients) {

    /** {@code 1 client | race time 0:12:34 (08:29:33 UTC) | 1,234 frames/s | 12,345 frames sent}. */
    public String describe() {
      StringBuilder line = new StringBuilder();
      line.append(clients).append(clients == 1 ? " client" : " clients");
      if (raceTimeMs >= 0) {
        line.append(" | race time ").append(clock(raceTimeMs));
        if (frameTime != null) {
          line.append(" (").append(frameTime.toString().replace('T', ' ')).append(')');
        }
      }
      line.append(String.format(Locale.ROOT, " | %,.0f frames/s | %,d frames sent",
          framesPerSecond, framesSent));
      if (finishedClients > 0) {
        line.append(" | ").append(finishedClients).append(" finished");
      }
      return line.toString();
    }
  }

  private final Path recording;
  private final Options options;
  private final Consumer<Progress> progress;
  private final Map<String, ReplayClient> clients = new ConcurrentHashMap<>();
  private final ReplayTally tally;
  private final AtomicInteger clientNumbers = new AtomicInteger();
  private final ScheduledExecutorService ticker;
  private Javalin app;
  private int boundPort;
  private volatile boolean closed;

  private ReplayServer(Path recording, Options options, Consumer<Progress> progress,
      long firstFrameAt) {
    this.recording = recording;
    this.options = options;
    this.progress = progress;
    this.tally = new ReplayTally(firstFrameAt, System.nanoTime());
    this.ticker = progress == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replay-progress");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Checks that the recording is readable, then serves it.
   *
   * @param port TCP port on every interface, 0 for any free one ({@link #port()} says which)
   * @param progress called every {@link Options#progressInterval()} (on its own thread), or null
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws lts.recordings.RecordingFormatException when it is not a recording
   * @throws IOException when it cannot be read
   */
  public static ReplayServer start(Path recording, int port, Options options,
      Consumer<Progress> progress) throws IOException {
    Objects.requireNonNull(options, "options");
    long first = -1;
    try (RecordingReader reader = RecordingReader.open(recording)) {
      if (reader.hasNext()) {
        first = reader.next().at();
      } else {
        log.warn("recording {} has no frames: clients will get nothing", recording);
      }
    }
    ReplayServer server = new ReplayServer(recording.toAbsolutePath(), options, progress, first);
    try {
      server.startServer(port);
    } catch (RuntimeException e) { // e.g. the port is taken
      if (server.ticker != null) {
        server.ticker.shutdownNow();
      }
      if (server.app != null) {
        try {
          server.app.stop();
        } catch (RuntimeException stopping) {
          e.addSuppressed(stopping);
        }
      }
      throw e;
    }
    return server;
  }

  /** Parses {@code max} or a positive number ({@code 10}, {@code 0.5}, {@code 10x}). */
  public static double parseSpeed(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return MAX_SPEED;
    }
    if (t.endsWith("x")) {
      t = t.substring(0, t.length() - 1);
    }
    double speed;
    try {
      speed = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("speed must be a positive number (10 = ten times faster"
          + " than recorded) or max (as fast as the client reads), not '" + text + "'");
    }
    if (!(speed > 0) || Double.isInfinite(speed) || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be a positive number (10 = ten times faster"
          + " than recorded) or max (as fast as the client reads), not '" + text + "'");
    }
    return speed;
  }

  private void startServer(int port) {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      // a client holding back (its Kafka is down) must not be dropped by the server's idle timer
      cfg.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(Duration.ofHours(1)));
      Consumer<io.javalin.websocket.WsConfig> handler = ws -> {
        ws.onConnect(this::onConnect);
        ws.onClose(ctx -> onGone(ctx.sessionId(), "closed (" + ctx.status() + ")"));
        ws.onError(ctx -> onGone(ctx.sessionId(), "error " + ctx.error()));
        ws.onMessage(ctx -> log.debug("client {} says {}", ctx.sessionId(), ctx.message()));
      };
      cfg.routes.ws("/", handler);
      cfg.routes.ws("/<path>", handler);
    });
    app.start(port);
    boundPort = app.port();
    if (ticker != null) {
      long every = options.progressInterval().toMillis();
      ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }
    log.info("replaying {} on {} at {} speed{}", recording.getFileName(), uri(),
        options.speed() == MAX_SPEED ? "max" : String.format(Locale.ROOT, "%sx",
            trim(options.speed())), options.loop() ? ", in a loop" : "");
  }

  /** The TCP port served. */
  public int port() {
    return boundPort;
  }

  /** {@code ws://localhost:PORT/}. */
  public URI uri() {
    return URI.create("ws://localhost:" + port() + "/");
  }

  public Options options() {
    return options;
  }

  /** Clients connected now. */
  public int clients() {
    return clients.size();
  }

  /** Frames sent to every client since the start. */
  public long framesSent() {
    return tally.framesSent();
  }

  /** Clients that got the whole recording (each pass counts once per client). */
  public long finishedClients() {
    return tally.finished();
  }

  /** Progress now (also what the callback gets). */
  public Progress progress() {
    long now = System.nanoTime();
    return tally.progress(now, clients.size(),
        clients.values().stream().mapToLong(ReplayClient::lastFrameAt).toArray());
  }

  /**
   * Closes every client's websocket with a close frame ({@code code}, {@code reason}), as Apex
   * does when its server restarts; new connections are served as usual.
   */
  public void disconnectAll(int code, String reason) {
    for (ReplayClient c : clients.values()) {
      c.session.close(code, reason, Callback.NOOP);
    }
  }

  /** Drops every client's connection without a close frame (a network cut). */
  public void dropAll() {
    for (ReplayClient c : clients.values()) {
      c.session.disconnect();
    }
  }

  /** Disconnects every client and stops serving. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    for (ReplayClient c : clients.values()) {
      c.thread.interrupt();
      c.session.close(1001, "replay server stopping", Callback.NOOP);
    }
    app.stop();
    for (ReplayClient c : clients.values()) {
      try {
        c.thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    log.info("replay server on port {} stopped: {} frames sent", boundPort, tally.framesSent());
  }

  private void tick() {
    try {
      progress.accept(progress());
    } catch (RuntimeException e) {
      log.warn("progress callback failed: {}", e.toString());
    }
  }

  private void onConnect(WsContext ctx) {
    String id = ctx.sessionId();
    int number = clientNumbers.incrementAndGet();
    ReplayClient client = new ReplayClient(number, ctx.session,
        ctx.session.getRemoteSocketAddress(), recording, options, tally, () -> closed);
    clients.put(id, client);
    log.info("client {} connected from {} (origin {}, user agent {})", number,
        client.remote, ctx.header("Origin"), ctx.header("User-Agent"));
    client.thread.start();
  }

  private void onGone(String id, String why) {
    ReplayClient client = clients.remove(id);
    if (client != null) {
      client.gone();
      log.info("client {} gone: {} after {} frames", client.number, why, client.sent());
    }
  }

  private static String clock(long ms) {
    long s = ms / 1000;
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** {@code 10}, {@code 0.5}: a speed or a number of seconds in a log line. */
  static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
