package lts.listener.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import lts.kafka.FramePublisher;
import lts.kafka.KafkaFramePublisher;
import lts.kafka.broker.EmbeddedKafka;
import lts.contracts.Topics;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poll mode against a small local HTTP server whose body changes, and a real Kafka broker. */
class RestListenerPollerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final AtomicReference<String> body = new AtomicReference<>("");
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicLong delayMs = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer feed;

  @BeforeEach
  void startFeed() throws IOException {
    feed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    feed.createContext("/live", ex -> {
      requests.incrementAndGet();
      try {
        Thread.sleep(delayMs.get()); // a slow feed, when the test asks for one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status.get(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    feed.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    feed.start();
  }

  @AfterEach
  void stopFeed() {
    feed.stop(0);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + feed.getAddress().getPort() + "/live");
  }

  /** Waits until the feed was asked {@code n} more times. */
  private void awaitPolls(int n) {
    int target = requests.get() + n;
    Await.until(WAIT, () -> requests.get() >= target,
        () -> "the feed was asked " + requests.get() + " times, waiting for " + target);
  }

  @Test
  void onlyChangedBodiesArePublishedAndErrorsNeverStopIt() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
    String code = "poll-" + System.nanoTime();
    List<String> frames = List.of("init|r|\ntitle1||12H", "r1c1|in|1", "r1c1|in|2");
    try (KafkaFramePublisher publisher = RestListener.publisher(
        kafka.bootstrapServers(), Topics.RAW_MESSAGES, Duration.ofSeconds(15))) {
      RestPoller poller = new RestPoller(uri(), code, Duration.ofMillis(20), Duration.ofSeconds(2),
          publisher, new SimpleMeterRegistry());
      Thread thread = new Thread(poller, "poller");
      thread.start();

      awaitPolls(3); // empty body: nothing to publish
      assertThat(poller.published()).isZero();

      body.set(frames.get(0));
      Await.until(WAIT, () -> poller.published() == 1, () -> "first frame");
      awaitPolls(5); // the same body again and again
      assertThat(poller.published()).isEqualTo(1);

      body.set(frames.get(1));
      Await.until(WAIT, () -> poller.published() == 2, () -> "second frame");
      awaitPolls(5);

      status.set(503); // the feed fails: logged, retried with backoff
      awaitPolls(3);
      assertThat(poller.health()).contains("HTTP 503");
      status.set(200); // back, same body: not published again
      Await.until(WAIT, () -> poller.health() == null, () -> "recovery");
      awaitPolls(3);
      assertThat(poller.published()).isEqualTo(2);

      body.set(frames.get(0)); // changed since the last publish, even if seen before
      Await.until(WAIT, () -> poller.published() == 3, () -> "third frame");
      body.set(frames.get(2));
      Await.until(WAIT, () -> poller.published() == 4, () -> "fourth frame");
      awaitPolls(3);

      poller.stop();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }

    EnvelopeCodec codec = new EnvelopeCodec();
    List<Envelope> published = TestBroker.readUntil(kafka, Topics.RAW_MESSAGES,
        rs -> rs.stream().filter(r -> code.equals(r.key())).count() >= 4).stream()
        .filter(r -> code.equals(r.key()))
        .map(r -> codec.decode(r.value()))
        .collect(Collectors.toList());
    assertThat(published).extracting(Envelope::data)
        .containsExactly(frames.get(0), frames.get(1), frames.get(0), frames.get(2));
    assertThat(published).allSatisfy(e -> {
      assertThat(e.eventCode()).isEqualTo(code);
      assertThat(e.source()).isEqualTo("rest-listener");
    });
  }

  @Test
  void timeoutsRefusedConnectionsAndKafkaFailuresAreRetried() throws Exception {
    List<String> published = new CopyOnWriteArrayList<>();
    AtomicInteger failKafka = new AtomicInteger(2);
    FramePublisher flaky = (eventCode, frame, at) -> {
      if (failKafka.getAndDecrement() > 0) {
        throw new FramePublisher.PublishException("not acknowledged", null);
      }
      published.add(frame);
    };
    RestPoller poller = new RestPoller(uri(), "santos", Duration.ofMillis(10),
        Duration.ofMillis(200), flaky, new SimpleMeterRegistry());
    Thread thread = new Thread(poller, "poller");
    thread.start();
    try {
      body.set("r1|in|1");
      // Kafka refuses twice: the same frame is tried again until it is acknowledged, once
      Await.until(WAIT, () -> published.size() == 1, () -> "publish after Kafka failures");
      awaitPolls(3);
      assertThat(published).containsExactly("r1|in|1");

      delayMs.set(1_000); // slower than the request timeout
      awaitPolls(2);
      Await.until(WAIT,
          () -> poller.health() != null && poller.health().contains("timed out"),
          () -> "a timeout");
      delayMs.set(0);
      body.set("r1|in|2");
      Await.until(WAIT, () -> published.size() == 2, () -> "publish after timeouts");
    } finally {
      poller.stop();
      thread.join(10_000);
    }
    assertThat(thread.isAlive()).isFalse();
    assertThat(published).containsExactly("r1|in|1", "r1|in|2");
  }

  @Test
  void aSlowAcknowledgementIsWaitedForNotResent() throws Exception {
    List<String> sent = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> acks = new CopyOnWriteArrayList<>();
    FramePublisher slow = new FramePublisher() {
      @Override
      public void publish(String eventCode, String frame, long at) {
        throw new UnsupportedOperationException("the poller sends asynchronously");
      }

      @Override
      public CompletableFuture<Void> send(String eventCode, String frame, long at) {
        sent.add(frame);
        CompletableFuture<Void> ack = new CompletableFuture<>();
        acks.add(ack);
        return ack;
      }
    };
    RestPoller poller = new RestPoller(uri(), "santos", Duration.ofMillis(10),
        Duration.ofMillis(100), slow, new SimpleMeterRegistry());
    body.set("A");
    Thread thread = new Thread(poller, "poller");
    thread.start();
    try {
      Await.until(WAIT, () -> sent.size() == 1, () -> "A sent");
      // no acknowledgement yet: A may still be written, it is not sent again, however many times
      // the poller looks
      long looked = poller.turns();
      Await.until(WAIT, () -> poller.turns() >= looked + 10, () -> "ten more turns");
      assertThat(poller.polls()).as("no GET while A is on its way").isEqualTo(1);
      assertThat(sent).containsExactly("A");
      assertThat(poller.health()).contains("not acknowledged the frame yet");
      acks.get(0).complete(null);
      Await.until(WAIT, () -> poller.published() == 1, () -> "A acknowledged");
      awaitPolls(5);
      assertThat(sent).containsExactly("A");

      body.set("B");
      Await.until(WAIT, () -> sent.size() == 2, () -> "B sent");
      acks.get(1).complete(null);
      Await.until(WAIT, () -> poller.published() == 2, () -> "B acknowledged");

      body.set("C");
      Await.until(WAIT, () -> sent.size() == 3, () -> "C sent");
      acks.get(2).completeExceptionally(new FramePublisher.PublishException("gave up", null));
      Await.until(WAIT,
          () -> sent.size() == 4,
          () -> "C sent again"); // given up: sent again, it is still current
      acks.get(3).complete(null);
      Await.until(WAIT, () -> poller.published() == 3, () -> "C acknowledged");
      awaitPolls(3);
    } finally {
      poller.stop();
      thread.join(10_000);
    }
    assertThat(thread.isAlive()).isFalse();
    assertThat(sent).containsExactly("A", "B", "C", "C");
  }

  @Test
  void aFeedThatIsNotThereIsRetriedUntilStopped() throws Exception {
    int deadPort;
    // a port nothing listens on (bound, then closed): the test is about a feed that is not there
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    List<String> published = new ArrayList<>();
    RestPoller poller = new RestPoller(URI.create("http://127.0.0.1:" + deadPort + "/live"),
        "santos", Duration.ofMillis(5), Duration.ofMillis(500),
        (eventCode, frame, at) -> published.add(frame), new SimpleMeterRegistry());
    Thread thread = new Thread(poller, "poller");
    thread.start();
    Await.until(WAIT, () -> poller.polls() >= 3, () -> "a few failed polls");
    assertThat(poller.health()).startsWith("GET ");
    assertThat(thread.isAlive()).isTrue();
    poller.stop();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void backoffDoublesUpToThirtySeconds() {
    RestPoller poller = new RestPoller(uri(), "santos", Duration.ofMillis(1000),
        Duration.ofSeconds(1), (c, f, a) -> { }, new SimpleMeterRegistry());
    assertThat(poller.delay(0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(poller.delay(1)).isEqualTo(Duration.ofMillis(2000));
    assertThat(poller.delay(3)).isEqualTo(Duration.ofMillis(8000));
    assertThat(poller.delay(5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(poller.delay(500)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void badSettingsAreRefused() {
    FramePublisher none = (c, f, a) -> { };
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RestPoller(
        URI.create("ftp://x/y"), "santos", Duration.ofSeconds(1), Duration.ofSeconds(1), none, r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RestPoller(
        uri(), "Bad Code", Duration.ofSeconds(1), Duration.ofSeconds(1), none, r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event code");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RestPoller(
        uri(), "santos", Duration.ZERO, Duration.ofSeconds(1), none, r))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
