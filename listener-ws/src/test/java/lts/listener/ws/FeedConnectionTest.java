package lts.listener.ws;

import static lts.listener.ws.TestSupport.numberedRecording;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import lts.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One connection against the replay server, frames collected in a list instead of Kafka. */
class FeedConnectionTest {

  @TempDir
  Path dir;

  /** Keeps the frames; counts the calls between messages. */
  static final class Collecting implements FeedConnection.Outlet {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final AtomicInteger betweenMessages = new AtomicInteger();

    @Override
    public void forward(String frame, long receivedAtMs) {
      frames.add(frame);
    }

    @Override
    public void resendFailed() {
      betweenMessages.incrementAndGet();
    }
  }

  private final ListenerMeters meters = new ListenerMeters(new SimpleMeterRegistry());
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Collecting outlet = new Collecting();

  private FeedConnection connection(URI uri, Duration pingAfter, Duration idleTimeout) {
    WsListener.Config config = WsListener.Config.of(uri).withEventCode("feed")
        .withSilence(pingAfter, idleTimeout);
    return new FeedConnection(config, WsListener.httpClient(config), "feed", meters, outlet,
        stopping::get);
  }

  @Test
  void everyFrameOfTheConnectionIsForwardedInOrderUntilTheServerFallsSilent() throws Exception {
    Path recording = numberedRecording(dir, "five.ndjson", 5, 10);
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null)) {
      String reason = connection(server.uri(), Duration.ZERO, Duration.ofMillis(700)).run();

      assertThat(outlet.frames).containsExactlyElementsOf(TestSupport.framesOf(recording));
      assertThat(reason).startsWith("no message nor pong for ").endsWith(" and 5 frames");
      assertThat(meters.framesReceived()).isEqualTo(5);
      assertThat(meters.connections()).isEqualTo(1);
      assertThat(meters.isConnected()).isFalse();
      assertThat(outlet.betweenMessages).hasPositiveValue();
    }
  }

  @Test
  void aConnectionTheServerClosesSaysSoWithTheCode() throws Exception {
    Path recording = numberedRecording(dir, "long.ndjson", 100, 50);
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1),
        null)) {
      FeedConnection feed = connection(server.uri(), Duration.ZERO, Duration.ZERO);
      Thread closer = new Thread(() -> {
        Await.until(Duration.ofSeconds(10), () -> outlet.frames.size() >= 3,
            () -> outlet.frames.size() + " frames forwarded");
        server.disconnectAll(1001, "server restarting");
      });
      closer.start();
      String reason = feed.run();
      closer.join(5_000);

      assertThat(reason).startsWith("closed by the server (code 1001, reason 'server restarting')");
    }
  }

  @Test
  void noServerListeningIsACannotConnect() throws Exception {
    int port;
    // a port nothing listens on (bound, then closed): the test is about the refused connection
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String reason = connection(URI.create("ws://127.0.0.1:" + port), Duration.ZERO, Duration.ZERO)
        .run();

    assertThat(reason).startsWith("cannot connect: ");
    assertThat(meters.connections()).isZero();
  }

  @Test
  void stoppingClosesTheConnectionAndSaysSo() throws Exception {
    Path recording = numberedRecording(dir, "slow.ndjson", 100, 50);
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1),
        null)) {
      FeedConnection feed = connection(server.uri(), Duration.ZERO, Duration.ZERO);
      Thread stopper = new Thread(() -> {
        Await.until(Duration.ofSeconds(10), () -> !outlet.frames.isEmpty(),
            () -> "no frame forwarded");
        stopping.set(true);
        feed.stop();
      });
      stopper.start();
      String reason = feed.run();
      stopper.join(5_000);

      assertThat(reason).startsWith("listener stopping after ");
    }
  }
}
