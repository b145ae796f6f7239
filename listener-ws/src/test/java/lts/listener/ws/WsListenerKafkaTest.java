package lts.listener.ws;

import static lts.listener.ws.TestSupport.envelope;
import static lts.listener.ws.TestSupport.framesOf;
import static lts.listener.ws.TestSupport.numberedRecording;
import static lts.listener.ws.TestSupport.readTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import lts.testkit.Await;
import lts.testkit.SharedData;
import lts.kafka.broker.EmbeddedKafka;
import lts.contracts.Envelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener between a real websocket server and a real Kafka broker. */
class WsListenerKafkaTest {

  @TempDir
  static Path kafkaDir;

  @TempDir
  Path dir;

  static EmbeddedKafka kafka;
  static final AtomicInteger topics = new AtomicInteger();

  @BeforeAll
  static void startKafka() throws IOException {
    kafka = TestSupport.startKafka(kafkaDir, 0, 3);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String newTopic() {
    String topic = "raw-test-" + topics.incrementAndGet();
    AtomicReference<IllegalStateException> notListed = new AtomicReference<>();
    Await.until(Duration.ofSeconds(10), () -> {
      try {
        kafka.createTopics(List.of(topic), 3);
        return true;
      } catch (IllegalStateException e) {
        // EmbeddedKafka lists the topics right after creating them: the new one may not show yet
        notListed.set(e);
        return false;
      }
    }, () -> "topic " + topic + " not created: " + notListed.get());
    return topic;
  }

  private static WsListener listener(URI uri, String topic, String eventCode) {
    return WsListener.create(WsListener.Config.of(uri).withTopic(topic).withEventCode(eventCode),
        kafka.bootstrapServers(), new SimpleMeterRegistry());
  }

  @Test
  void everyFrameOfTheRealSantosRecordingArrivesExactlyOnceAndInOrder() throws Exception {
    Path recording = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    List<String> expected = framesOf(recording);
    String topic = newTopic();
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null);
        TestSupport.Running running = new TestSupport.Running(listener(server.uri(), topic, "santos-3h"))) {
      Await.until(Duration.ofSeconds(60),
          () -> running.listener.recordsAcked() >= expected.size(),
          () -> "every frame acknowledged");
      assertThat(running.listener.framesReceived()).isEqualTo(expected.size());
    }
    List<ConsumerRecord<String, byte[]>> records =
        readTopic(kafka.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(30));
    assertThat(TestSupport.frames(records)).hasSize(expected.size()).containsExactlyElementsOf(expected);
    assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo("santos-3h"));
    System.out.printf("RELIABILITY santos-3h replay (max speed): attempted=%d acknowledged=%d lost=0"
        + " duplicated=0 out-of-order=0 (asserted equal, in order)%n", expected.size(), records.size());
  }

  @Test
  void everyFrameOfAHandWrittenRecordingArrivesExactlyOnceAndInOrderAsEnvelopes() throws Exception {
    String big = "grid||<tbody>" + "<tr data-id=\\\"r1\\\"><td>ÚÑ|x</td></tr>".repeat(10_000)
        + "</tbody>";
    List<String> lines = List.of(
        "{\"t\":1782593801000,\"raw\":\"init|r|\\ntitle1||12H \\u00daltima|parte\\ntitle2||CARRERA\"}",
        "{\"t\":1782593801500,\"raw\":\"" + big + "\"}",
        "{\"t\":1782593802000,\"raw\":\"r7c3|tn|1:05.100\\nr7|*|65100|65100\"}",
        "{\"t\":1782593802000,\"raw\":\"GET / HTTP/1.1\\r\\nHost: x\\r\\n\"}",
        "{\"t\":1782593803000,\"raw\":\"dyn1|countdown|43172718\"}");
    Path recording = dir.resolve("hand.ndjson");
    Files.write(recording, lines, StandardCharsets.UTF_8);
    List<String> expected = framesOf(recording);
    assertThat(expected).hasSize(5);
    assertThat(expected.get(1).length()).isGreaterThan(300_000); // arrives in several parts
    String topic = newTopic();
    long before = System.currentTimeMillis();
    String eventCode;
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(10), null);
        TestSupport.Running running = new TestSupport.Running(
            listener(URI.create("ws://127.0.0.1:" + server.port()), topic, null))) {
      eventCode = running.listener.eventCode();
      assertThat(eventCode).isEqualTo("127-0-0-1-" + server.port() + "-"
          + LocalDate.now(ZoneOffset.UTC));
      Await.until(Duration.ofSeconds(30),
          () -> running.listener.recordsAcked() >= expected.size(),
          () -> "every frame acknowledged");
    }
    List<ConsumerRecord<String, byte[]>> records =
        readTopic(kafka.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(30));
    assertThat(TestSupport.frames(records)).containsExactlyElementsOf(expected);
    for (ConsumerRecord<String, byte[]> record : records) {
      Envelope e = envelope(record);
      assertThat(record.key()).isEqualTo(eventCode);
      assertThat(e.eventCode()).isEqualTo(eventCode);
      assertThat(e.source()).isEqualTo("ws-listener");
      assertThat(e.createdAt()).isBetween(before, System.currentTimeMillis());
      assertThat(e.updatedAt()).isEqualTo(e.createdAt());
      assertThat(e.errorDescription()).isNull();
    }
  }

  @Test
  void listenerReconnectsByItselfWhenTheConnectionDropsTwiceMidStreamAndLosesNoFrame()
      throws Exception {
    int n = 60;
    Path recording = numberedRecording(dir, "numbered.ndjson", n, 50); // 3 s per pass
    String topic = newTopic();
    WsListener listener;
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1), null);
        TestSupport.Running running = new TestSupport.Running(listener = WsListener.create(
            WsListener.Config.of(server.uri()).withTopic(topic).withEventCode("drops")
                // a frame comes every 50 ms: 2 s of silence means the connection is dead (the JDK
                // client sometimes misses the TCP close of dropAll(); the watchdog catches it)
                .withSilence(Duration.ofMillis(500), Duration.ofSeconds(2)),
            kafka.bootstrapServers(), new SimpleMeterRegistry()))) {
      Await.until(Duration.ofSeconds(10),
          () -> listener.framesReceived() >= 20, () -> "20 frames on the first connection");
      server.disconnectAll(1001, "server restarting"); // a clean close, mid-stream
      Await.until(Duration.ofSeconds(10),
          () -> listener.connections() == 2, () -> "reconnected once");
      long atSecond = listener.framesReceived();
      Await.until(Duration.ofSeconds(10),
          () -> listener.framesReceived() >= atSecond + 20, () -> "20 more frames");
      server.dropAll(); // the network cut: no close frame
      Await.until(Duration.ofSeconds(15),
          () -> listener.connections() == 3, () -> "reconnected twice");
      Await.until(Duration.ofSeconds(15),
          () -> server.finishedClients() >= 1, () -> "a whole pass received");
      Await.until(Duration.ofSeconds(15),
          () -> listener.recordsAcked() == listener.framesReceived(),
          () -> "every frame acknowledged");
      assertThat(running.isAlive()).isTrue();
      assertThat(listener.reconnects()).isEqualTo(2);
    }
    long received = listener.framesReceived();
    List<ConsumerRecord<String, byte[]>> records =
        readTopic(kafka.bootstrapServers(), topic, (int) received, Duration.ofSeconds(30));
    List<Integer> seqs = TestSupport.frames(records).stream().map(TestSupport::seq)
        .collect(Collectors.toList());
    assertThat(new TreeSet<>(seqs)).containsExactlyElementsOf(
        IntStream.range(0, n).boxed().collect(Collectors.toList()));
    assertThat(records).hasSize((int) received); // every frame received was written once
    TestSupport.Counts counts = TestSupport.Counts.of(n, listener.recordsAcked(), seqs, 0);
    System.out.println(counts.line("websocket dropped twice (replay restarts per connection,"
        + " so re-sent frames are expected duplicates)"));
    assertThat(counts.missing()).isZero();
  }

  @Test
  void listenerKeepsTryingWhileNoServerListensAndConnectsWhenOneStarts() throws Exception {
    Path recording = numberedRecording(dir, "late.ndjson", 10, 10);
    int port;
    // a port nothing listens on yet (bound, then closed): the test is about the refused
    // connections before the server starts on that very port
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String topic = newTopic();
    WsListener listener = listener(URI.create("ws://localhost:" + port), topic, "late");
    try (TestSupport.Running running = new TestSupport.Running(listener)) {
      // nobody listens: refused, refused again after the backoff, not giving up
      Await.until(Duration.ofSeconds(15), () -> listener.attempts() >= 2,
          () -> "attempts: " + listener.attempts());
      assertThat(listener.connections()).isZero();
      assertThat(running.isAlive()).isTrue();
      try (ReplayServer server = ReplayServer.start(recording, port,
          ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null)) {
        Await.until(Duration.ofSeconds(15),
            () -> listener.recordsAcked() == 10, () -> "every frame acknowledged");
      }
    }
    assertThat(TestSupport.frames(readTopic(kafka.bootstrapServers(), topic, 10, Duration.ofSeconds(20))))
        .containsExactlyElementsOf(framesOf(recording));
  }

  @Test
  void binaryMessagesAreIgnoredAndCountedWhileTextGarbageAndFragmentedFramesAreForwarded()
      throws Exception {
    Map<String, String> headers = new ConcurrentHashMap<>();
    Javalin server = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.ws("/", ws -> ws.onConnect(ctx -> {
        headers.put("Origin", String.valueOf(ctx.header("Origin")));
        headers.put("User-Agent", String.valueOf(ctx.header("User-Agent")));
        new Thread(() -> {
          try {
            var s = ctx.session;
            Callback.Completable.with(c -> s.sendText("init|r|", c)).get();
            Callback.Completable.with(c -> s.sendBinary(ByteBuffer.wrap(new byte[] {0x16, 0x03, 0x01, 0, 0x2e}), c)).get();
            Callback.Completable.with(c -> s.sendText("\u0016\u0003\u0001GET / HTTP/1.1 \uFFFD garbage", c)).get();
            Callback.Completable.with(c -> s.sendPartialText("title1||first part, ", false, c)).get();
            Callback.Completable.with(c -> s.sendPartialText("second part, ", false, c)).get();
            Callback.Completable.with(c -> s.sendPartialText("last part", true, c)).get();
            Callback.Completable.with(c -> s.sendPartialBinary(ByteBuffer.wrap(new byte[] {1, 2}), false, c)).get();
            Callback.Completable.with(c -> s.sendPartialBinary(ByteBuffer.wrap(new byte[] {3}), true, c)).get();
            Callback.Completable.with(c -> s.sendText("", c)).get();
            Callback.Completable.with(c -> s.sendText("dyn1|countdown|1000", c)).get();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).start();
      }));
    }).start(0);
    String topic = newTopic();
    WsListener listener = WsListener.create(
        WsListener.Config.of(URI.create("ws://localhost:" + server.port())).withTopic(topic)
            .withEventCode("junk").withHeaders("https://www.apex-timing.com",
                "Mozilla/5.0 (X11; Linux x86_64) LTS-test"),
        kafka.bootstrapServers(), new SimpleMeterRegistry());
    try (TestSupport.Running running = new TestSupport.Running(listener)) {
      Await.until(Duration.ofSeconds(15),
          () -> listener.recordsAcked() == 5, () -> "five text frames acknowledged");
      Await.until(Duration.ofSeconds(5),
          () -> listener.binaryFramesIgnored() == 2, () -> "two binary messages counted");
    } finally {
      server.stop();
    }
    assertThat(headers).containsEntry("Origin", "https://www.apex-timing.com")
        .containsEntry("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) LTS-test");
    assertThat(listener.framesReceived()).isEqualTo(5);
    assertThat(TestSupport.frames(readTopic(kafka.bootstrapServers(), topic, 5, Duration.ofSeconds(20))))
        .containsExactly("init|r|", "\u0016\u0003\u0001GET / HTTP/1.1 \uFFFD garbage",
            "title1||first part, second part, last part", "", "dyn1|countdown|1000");
  }

  @Test
  void aSilentConnectionIsDroppedAndMadeAgain() throws Exception {
    try (SilentWebSocketServer silent = new SilentWebSocketServer("init|r|")) {
      String topic = newTopic();
      WsListener listener = WsListener.create(
          WsListener.Config.of(URI.create("ws://127.0.0.1:" + silent.port())).withTopic(topic)
              .withEventCode("silent").withSilence(Duration.ofMillis(300), Duration.ofSeconds(1)),
          kafka.bootstrapServers(), new SimpleMeterRegistry());
      try (TestSupport.Running running = new TestSupport.Running(listener)) {
        Await.until(Duration.ofSeconds(10),
            () -> listener.connections() >= 2, () -> "reconnected after the silence");
        Await.until(Duration.ofSeconds(10),
            () -> listener.recordsAcked() >= 2, () -> "two snapshots acknowledged");
      }
      assertThat(silent.pingsReceived()).isPositive();
    }
  }

  @Test
  void aWssFeedIsForwardedOverTls() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "lts", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret",
        "-keypass", "secret").redirectErrorStream(true).start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(keytoolOutput).isZero();
    AtomicReference<ServerConnector> tlsConnector = new AtomicReference<>();
    Javalin server = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.addConnector((jetty, http) -> {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword("secret");
        tls.setKeyStoreType("PKCS12");
        ServerConnector connector = new ServerConnector(jetty, tls);
        connector.setPort(0);
        tlsConnector.set(connector);
        return connector;
      });
      cfg.routes.ws("/", ws -> ws.onConnect(ctx -> {
        assertThat(ctx.session.isSecure()).isTrue();
        ctx.send("init|r|\ntitle1||over TLS");
      }));
    }).start(0);
    int tlsPort = tlsConnector.get().getLocalPort();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trust.load(in, "secret".toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    String topic = newTopic();
    WsListener listener = WsListener.create(
        WsListener.Config.of(URI.create("wss://localhost:" + tlsPort)).withTopic(topic)
            .withEventCode("tls").withSslContext(ssl),
        kafka.bootstrapServers(), new SimpleMeterRegistry());
    try (TestSupport.Running running = new TestSupport.Running(listener)) {
      Await.until(Duration.ofSeconds(15),
          () -> listener.recordsAcked() == 1, () -> "the frame acknowledged");
    } finally {
      server.stop();
    }
    assertThat(TestSupport.frames(readTopic(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20))))
        .containsExactly("init|r|\ntitle1||over TLS");
  }

  @Test
  void countersAndHealthAreInTheMeterRegistry() throws Exception {
    Path recording = numberedRecording(dir, "metrics.ndjson", 5, 10);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String topic = newTopic();
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null)) {
      WsListener listener = WsListener.create(WsListener.Config.of(server.uri()).withTopic(topic)
          .withEventCode("metrics"), kafka.bootstrapServers(), registry);
      try (TestSupport.Running running = new TestSupport.Running(listener)) {
        Await.until(Duration.ofSeconds(15),
            () -> listener.recordsAcked() == 5, () -> "acknowledged");
        assertThat(listener.health()).isNull();
        assertThat(registry.get("frames_received").counter().count()).isEqualTo(5);
        assertThat(registry.get("records_acked").counter().count()).isEqualTo(5);
        assertThat(registry.get("send_failures").counter().count()).isZero();
        assertThat(registry.get("reconnects").counter().count()).isZero();
        assertThat(registry.get("websocket_connected").gauge().value()).isEqualTo(1);
        assertThat(registry.get("records_pending").gauge().value()).isZero();
      }
      assertThat(listener.health()).isEqualTo("stopped");
    }
  }
}
